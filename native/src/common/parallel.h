// Splitting one page's rows across CPU cores. A batch already runs one page per core, so a ParallelFor inside a
// batch (or inside another ParallelFor) runs on the calling thread: no oversubscription.
#pragma once

#include <functional>

namespace docket {

/** Threads the kernels may use: hardware concurrency, capped at 8. */
int MaxThreads();

/** Runs fn(begin, end) over [0, n) in contiguous chunks of at least minChunk, in parallel when worth it. */
void ParallelFor(int n, int minChunk, const std::function<void(int, int)>& fn);

/** Runs fn(i) for i in [0, n), one task per thread at a time, each task serial inside (for batches). */
void ParallelTasks(int n, const std::function<void(int)>& fn);

}  // namespace docket
