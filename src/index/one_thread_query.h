// One vector query is one thread's work: FAISS opens an OpenMP parallel region even to decode
// one vector, and waking the pool's threads for it cost more than the work (at 1 M papers,
// ranking a filter's 30,000 papers spent 63 % of its time in the kernel, waking threads).
// Request threads already run in parallel; within one query, run inline. Also how the IVF
// calibration times a query as a request thread would run it.
#pragma once

#include <omp.h>

namespace paperboy {

class OneThreadForThisQuery {
 public:
  OneThreadForThisQuery() : previous_(omp_get_max_threads()) { omp_set_num_threads(1); }
  ~OneThreadForThisQuery() { omp_set_num_threads(previous_); }
  OneThreadForThisQuery(const OneThreadForThisQuery&) = delete;
  OneThreadForThisQuery& operator=(const OneThreadForThisQuery&) = delete;

 private:
  int previous_;
};

}  // namespace paperboy
