/*
 * glossa: the text layer (placeholder; see issue 3).
 */
#ifndef GLOSSA_TEXT_H
#define GLOSSA_TEXT_H

#include "common.h"

GLOSSA_BEGIN_DECL
GLOSSA_END_DECL

#endif
