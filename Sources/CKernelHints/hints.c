// The module is its header (CKernelHints.h); SwiftPM needs one source file.
#include "CKernelHints.h"
