// The built-in model on a store several servers share. Each server trains nothing of its own:
// the first to need a model trains it (under the "model-training" job lock) and publishes the
// file to the store; every other server writes the store's copy into its data directory. So
// all of them embed papers and queries with one model, and a reader gets the same semantic
// ranking whichever server nginx picks. (A transformer model, installed by an operator, is
// copied into each data directory by hand; see README.)
//
// The file lives in job_state, which every backend has and `store copy` carries:
// "model:builtin-lsa" holds "DIGEST BYTES CHUNKS", "model:builtin-lsa:N" chunk N of the file
// in hex (4 MiB of the file each), written before the manifest that names them.
#pragma once

#include <filesystem>
#include <string>

#include "store/store.h"

namespace paperboy {

// Whether the store holds a built-in model; if so, `file` is now a copy of it (replaced, when
// it held another, only after the copy's digest checked).
Result<bool> adopt_shared_model(Store& store, const std::filesystem::path& file);

// Publishes the built-in model in `file` to the store.
Status publish_shared_model(Store& store, const std::filesystem::path& file);

}  // namespace paperboy
