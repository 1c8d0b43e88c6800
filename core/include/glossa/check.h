/*
 * glossa: the the pre-publication check (placeholder; see issue 5).
 */
#ifndef GLOSSA_CHECK_H
#define GLOSSA_CHECK_H

#include "common.h"

GLOSSA_BEGIN_DECL
GLOSSA_END_DECL

#endif
