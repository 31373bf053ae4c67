// Host errno to WASI errno.
#pragma once

#include "abi.h"

namespace wasmbind::wasi {

abi::Errno from_host_errno(int host_errno);
// from_host_errno(errno), for the common "the syscall just failed" case.
abi::Errno last_errno();

}  // namespace wasmbind::wasi
