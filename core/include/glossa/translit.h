/*
 * glossa: the transliteration (placeholder; see issue 3).
 */
#ifndef GLOSSA_TRANSLIT_H
#define GLOSSA_TRANSLIT_H

#include "common.h"

GLOSSA_BEGIN_DECL
GLOSSA_END_DECL

#endif
