// Umbrella header of the wasmbind VM embedding API.
#pragma once

#include "wasmbind/error.h"
#include "wasmbind/module.h"
#include "wasmbind/types.h"
