#include "wasi_errno.h"

#include <cerrno>

namespace wasmbind::wasi {

abi::Errno from_host_errno(int e) {
  using namespace abi;
  switch (e) {
    case 0: return kSuccess;
    case E2BIG: return k2Big;
    case EACCES: return kAcces;
    case EADDRINUSE: return kAddrInUse;
    case EADDRNOTAVAIL: return kAddrNotAvail;
    case EAFNOSUPPORT: return kAfNoSupport;
    case EAGAIN: return kAgain;  // == EWOULDBLOCK on Linux
    case EALREADY: return kAlready;
    case EBADF: return kBadf;
    case EBADMSG: return kBadMsg;
    case EBUSY: return kBusy;
    case ECANCELED: return kCanceled;
    case ECHILD: return kChild;
    case ECONNABORTED: return kConnAborted;
    case ECONNREFUSED: return kConnRefused;
    case ECONNRESET: return kConnReset;
    case EDEADLK: return kDeadlk;
    case EDESTADDRREQ: return kDestAddrReq;
    case EDOM: return kDom;
    case EDQUOT: return kDquot;
    case EEXIST: return kExist;
    case EFAULT: return kFault;
    case EFBIG: return kFbig;
    case EHOSTUNREACH: return kHostUnreach;
    case EIDRM: return kIdrm;
    case EILSEQ: return kIlseq;
    case EINPROGRESS: return kInProgress;
    case EINTR: return kIntr;
    case EINVAL: return kInval;
    case EIO: return kIo;
    case EISCONN: return kIsConn;
    case EISDIR: return kIsDir;
    case ELOOP: return kLoop;
    case EMFILE: return kMfile;
    case EMLINK: return kMlink;
    case EMSGSIZE: return kMsgSize;
    case EMULTIHOP: return kMultihop;
    case ENAMETOOLONG: return kNameTooLong;
    case ENETDOWN: return kNetDown;
    case ENETRESET: return kNetReset;
    case ENETUNREACH: return kNetUnreach;
    case ENFILE: return kNfile;
    case ENOBUFS: return kNoBufs;
    case ENODEV: return kNoDev;
    case ENOENT: return kNoEnt;
    case ENOEXEC: return kNoExec;
    case ENOLCK: return kNoLck;
    case ENOLINK: return kNoLink;
    case ENOMEM: return kNoMem;
    case ENOMSG: return kNoMsg;
    case ENOPROTOOPT: return kNoProtoOpt;
    case ENOSPC: return kNoSpc;
    case ENOSYS: return kNoSys;
    case ENOTCONN: return kNotConn;
    case ENOTDIR: return kNotDir;
    case ENOTEMPTY: return kNotEmpty;
    case ENOTRECOVERABLE: return kNotRecoverable;
    case ENOTSOCK: return kNotSock;
    case ENOTSUP: return kNotSup;  // == EOPNOTSUPP on Linux
    case ENOTTY: return kNoTty;
    case ENXIO: return kNxio;
    case EOVERFLOW: return kOverflow;
    case EOWNERDEAD: return kOwnerDead;
    case EPERM: return kPerm;
    case EPIPE: return kPipe;
    case EPROTO: return kProto;
    case EPROTONOSUPPORT: return kProtoNoSupport;
    case EPROTOTYPE: return kProtoType;
    case ERANGE: return kRange;
    case EROFS: return kRofs;
    case ESPIPE: return kSpipe;
    case ESRCH: return kSrch;
    case ESTALE: return kStale;
    case ETIMEDOUT: return kTimedOut;
    case ETXTBSY: return kTxtBsy;
    case EXDEV: return kXdev;
    // Linux-only values with a close WASI meaning.
    case ENOTBLK: return kNotSup;
    case ENOMEDIUM: return kNoDev;
    case EREMOTEIO: return kIo;
    default: return kIo;
  }
}

abi::Errno last_errno() { return from_host_errno(errno); }

}  // namespace wasmbind::wasi
