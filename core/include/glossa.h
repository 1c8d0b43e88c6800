/*
 * glossa: name glossaries, house spellings and transliteration for news copy.
 *
 * The umbrella header: include this one.
 */
#ifndef GLOSSA_H
#define GLOSSA_H

#include "glossa/common.h"
#include "glossa/errors.h"
#include "glossa/version.h"
#include "glossa/doc.h"
#include "glossa/store.h"
#include "glossa/text.h"
#include "glossa/translit.h"
#include "glossa/fix.h"
#include "glossa/rules.h"
#include "glossa/check.h"
#include "glossa/fixreport.h"
#include "glossa/pack.h"
#include "glossa/docx.h"

#endif
