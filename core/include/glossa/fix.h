/*
 * glossa: the the name matcher and fix (placeholder; see issue 4).
 */
#ifndef GLOSSA_FIX_H
#define GLOSSA_FIX_H

#include "common.h"

GLOSSA_BEGIN_DECL
GLOSSA_END_DECL

#endif
