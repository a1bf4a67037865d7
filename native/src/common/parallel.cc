#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace docket {

namespace {
thread_local bool tInParallel = false;

/** Runs body on `threads` threads (the caller is one of them); rethrows the first exception. */
void RunOnThreads(int threads, const std::function<void(int)>& body) {
  std::exception_ptr first;
  std::mutex mu;
  auto guarded = [&](int t) {
    const bool was = tInParallel;
    tInParallel = true;
    try {
      body(t);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!first) first = std::current_exception();
    }
    tInParallel = was;
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (int t = 1; t < threads; t++) pool.emplace_back(guarded, t);
  guarded(0);
  for (auto& th : pool) th.join();
  if (first) std::rethrow_exception(first);
}
}  // namespace

int MaxThreads() {
  const unsigned hw = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(hw == 0 ? 1u : hw, 1u, 8u));
}

void ParallelFor(int n, int minChunk, const std::function<void(int, int)>& fn) {
  const int threads = tInParallel ? 1 : std::min(MaxThreads(), std::max(1, n / std::max(1, minChunk)));
  if (threads <= 1) {
    if (n > 0) fn(0, n);
    return;
  }
  RunOnThreads(threads, [&](int t) {
    const int begin = static_cast<int>(static_cast<long long>(n) * t / threads);
    const int end = static_cast<int>(static_cast<long long>(n) * (t + 1) / threads);
    if (begin < end) fn(begin, end);
  });
}

void ParallelTasks(int n, const std::function<void(int)>& fn) {
  const int threads = tInParallel ? 1 : std::min(MaxThreads(), n);
  if (threads <= 1) {
    for (int i = 0; i < n; i++) fn(i);
    return;
  }
  std::atomic<int> next{0};
  RunOnThreads(threads, [&](int) {
    for (int i = next++; i < n; i = next++) fn(i);
  });
}

}  // namespace docket
