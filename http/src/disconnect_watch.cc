#include "disconnect_watch.h"

#include <sys/socket.h>

#include <cerrno>

namespace wasmbind::http {

PeerState peek_peer(int fd) {
  for (;;) {
    char byte;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return PeerState::SentData;
    if (n == 0) return PeerState::Gone;  // orderly shutdown from the peer
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return PeerState::Quiet;
    return PeerState::Gone;  // reset, or any other failure of the connection
  }
}

}  // namespace wasmbind::http
