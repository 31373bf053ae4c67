// The wasi_snapshot_preview1 ABI: errno values, rights, flags and the byte layouts of the
// structures the guest reads and writes (all little-endian, offsets from the witx).
#pragma once

#include <cstddef>
#include <cstdint>

namespace wasmbind::wasi::abi {

// errno (witx `errno`, u16).
enum Errno : uint16_t {
  kSuccess = 0, k2Big = 1, kAcces = 2, kAddrInUse = 3, kAddrNotAvail = 4, kAfNoSupport = 5,
  kAgain = 6, kAlready = 7, kBadf = 8, kBadMsg = 9, kBusy = 10, kCanceled = 11, kChild = 12,
  kConnAborted = 13, kConnRefused = 14, kConnReset = 15, kDeadlk = 16, kDestAddrReq = 17,
  kDom = 18, kDquot = 19, kExist = 20, kFault = 21, kFbig = 22, kHostUnreach = 23, kIdrm = 24,
  kIlseq = 25, kInProgress = 26, kIntr = 27, kInval = 28, kIo = 29, kIsConn = 30, kIsDir = 31,
  kLoop = 32, kMfile = 33, kMlink = 34, kMsgSize = 35, kMultihop = 36, kNameTooLong = 37,
  kNetDown = 38, kNetReset = 39, kNetUnreach = 40, kNfile = 41, kNoBufs = 42, kNoDev = 43,
  kNoEnt = 44, kNoExec = 45, kNoLck = 46, kNoLink = 47, kNoMem = 48, kNoMsg = 49,
  kNoProtoOpt = 50, kNoSpc = 51, kNoSys = 52, kNotConn = 53, kNotDir = 54, kNotEmpty = 55,
  kNotRecoverable = 56, kNotSock = 57, kNotSup = 58, kNoTty = 59, kNxio = 60, kOverflow = 61,
  kOwnerDead = 62, kPerm = 63, kPipe = 64, kProto = 65, kProtoNoSupport = 66, kProtoType = 67,
  kRange = 68, kRofs = 69, kSpipe = 70, kSrch = 71, kStale = 72, kTimedOut = 73, kTxtBsy = 74,
  kXdev = 75, kNotCapable = 76,
};

// rights (u64 bit positions).
namespace rights {
constexpr uint64_t kFdDatasync = 1ull << 0, kFdRead = 1ull << 1, kFdSeek = 1ull << 2,
    kFdFdstatSetFlags = 1ull << 3, kFdSync = 1ull << 4, kFdTell = 1ull << 5,
    kFdWrite = 1ull << 6, kFdAdvise = 1ull << 7, kFdAllocate = 1ull << 8,
    kPathCreateDirectory = 1ull << 9, kPathCreateFile = 1ull << 10,
    kPathLinkSource = 1ull << 11, kPathLinkTarget = 1ull << 12, kPathOpen = 1ull << 13,
    kFdReaddir = 1ull << 14, kPathReadlink = 1ull << 15, kPathRenameSource = 1ull << 16,
    kPathRenameTarget = 1ull << 17, kPathFilestatGet = 1ull << 18,
    kPathFilestatSetSize = 1ull << 19, kPathFilestatSetTimes = 1ull << 20,
    kFdFilestatGet = 1ull << 21, kFdFilestatSetSize = 1ull << 22,
    kFdFilestatSetTimes = 1ull << 23, kPathSymlink = 1ull << 24,
    kPathRemoveDirectory = 1ull << 25, kPathUnlinkFile = 1ull << 26,
    kPollFdReadwrite = 1ull << 27, kSockShutdown = 1ull << 28, kSockAccept = 1ull << 29;
constexpr uint64_t kAll = (1ull << 30) - 1;
// What a regular file can have; what a directory can have.
constexpr uint64_t kFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync |
                           kFdTell | kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet |
                           kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
constexpr uint64_t kDir = kFdFdstatSetFlags | kFdSync | kFdDatasync | kPathCreateDirectory |
                          kPathCreateFile | kPathLinkSource | kPathLinkTarget | kPathOpen |
                          kFdReaddir | kPathReadlink | kPathRenameSource | kPathRenameTarget |
                          kPathFilestatGet | kPathFilestatSetSize | kPathFilestatSetTimes |
                          kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink |
                          kPathRemoveDirectory | kPathUnlinkFile;
// Rights that change something beneath a directory (withheld from read-only preopens).
constexpr uint64_t kDirMutating = kPathCreateDirectory | kPathCreateFile | kPathLinkSource |
                                  kPathLinkTarget | kPathRenameSource | kPathRenameTarget |
                                  kPathFilestatSetSize | kPathFilestatSetTimes |
                                  kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory |
                                  kPathUnlinkFile;
constexpr uint64_t kFileMutating = kFdWrite | kFdAllocate | kFdFilestatSetSize |
                                   kFdFilestatSetTimes | kFdDatasync | kFdSync;
constexpr uint64_t kStdio = kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet |
                            kPollFdReadwrite;
}  // namespace rights

enum Filetype : uint8_t {
  kUnknown = 0, kBlockDevice = 1, kCharacterDevice = 2, kDirectory = 3, kRegularFile = 4,
  kSocketDgram = 5, kSocketStream = 6, kSymbolicLink = 7,
};

constexpr uint16_t kFdflagAppend = 1, kFdflagDsync = 2, kFdflagNonblock = 4, kFdflagRsync = 8,
                   kFdflagSync = 16;
constexpr uint16_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;
constexpr uint32_t kLookupSymlinkFollow = 1;
constexpr uint16_t kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8;
constexpr uint8_t kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2;
constexpr uint32_t kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2,
                   kClockThreadCputime = 3;
constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
constexpr uint16_t kSubclockAbstime = 1;
constexpr uint16_t kEventFdReadwriteHangup = 1;
constexpr uint8_t kPreopenTypeDir = 0;

// Structure layouts: size and field offsets.
namespace filestat {
constexpr size_t kDev = 0, kIno = 8, kFiletype = 16, kNlink = 24, kSize = 32, kAtim = 40,
                 kMtim = 48, kCtim = 56, kSizeof = 64;
static_assert(kCtim + 8 == kSizeof);
}  // namespace filestat
namespace fdstat {
constexpr size_t kFiletype = 0, kFlags = 2, kRightsBase = 8, kRightsInheriting = 16,
                 kSizeof = 24;
static_assert(kRightsInheriting + 8 == kSizeof);
}  // namespace fdstat
namespace prestat {
constexpr size_t kTag = 0, kNameLen = 4, kSizeof = 8;
static_assert(kNameLen + 4 == kSizeof);
}  // namespace prestat
namespace dirent {
constexpr size_t kNext = 0, kIno = 8, kNamlen = 16, kType = 20, kSizeof = 24;
static_assert(kType + 1 <= kSizeof && kNamlen + 4 == kType);
}  // namespace dirent
namespace event {
constexpr size_t kUserdata = 0, kError = 8, kType = 10, kNbytes = 16, kFlags = 24,
                 kSizeof = 32;
static_assert(kFlags + 2 <= kSizeof);
}  // namespace event
namespace subscription {
constexpr size_t kUserdata = 0, kTag = 8, kClockId = 16, kClockTimeout = 24,
                 kClockPrecision = 32, kClockFlags = 40, kFd = 16, kSizeof = 48;
static_assert(kClockFlags + 2 <= kSizeof);
}  // namespace subscription
namespace iovec {
constexpr size_t kBuf = 0, kLen = 4, kSizeof = 8;
static_assert(kLen + 4 == kSizeof);
}  // namespace iovec

}  // namespace wasmbind::wasi::abi
