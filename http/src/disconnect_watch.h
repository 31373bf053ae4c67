// Telling, while a guest runs, whether the client is still there: after the socket becomes
// readable, a non-consuming peek says whether it was the peer's FIN/RST (cancel the guest)
// or the next pipelined request (stop watching; the bytes stay in the socket).
#pragma once

namespace wasmbind::http {

enum class PeerState { Gone, SentData, Quiet };

// Peeks at one byte of `fd` without blocking or consuming it.
PeerState peek_peer(int fd);

}  // namespace wasmbind::http
