/* Placeholder: see issue 5 (glossa check). */
#include "internal.h"
