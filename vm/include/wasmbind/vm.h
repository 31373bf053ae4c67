// Umbrella header of the wasmbind VM embedding API.
#pragma once

#include "wasmbind/error.h"
#include "wasmbind/instance.h"
#include "wasmbind/limits.h"
#include "wasmbind/module.h"
#include "wasmbind/runtime.h"
#include "wasmbind/types.h"
#include "wasmbind/value.h"
