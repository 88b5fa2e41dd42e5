// Citations of papers in the formats reference managers import: BibTeX and RIS.
#pragma once

#include <span>
#include <string>

#include "core/paper.h"

namespace paperboy {

// "pu2025picabench": first author's family name, year, first title word; ASCII only.
std::string citation_key(const Paper& paper);

// One @misc entry per paper in arXiv's own style (eprint, archivePrefix, primaryClass), or
// @article when a journal reference is known. Text is escaped so any title parses.
std::string bibtex_entry(const Paper& paper);
std::string bibtex(std::span<const Paper> papers);

// RIS records (TY … ER); UNPB for preprints, JOUR when a journal reference is known.
std::string ris(std::span<const Paper> papers);

}  // namespace paperboy
