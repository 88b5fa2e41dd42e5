// Once-only jobs (a harvest round, digest planning, sending the outbox) take a lock named after
// the job before they start, so that of several servers on one store one does the work at a
// time. A lock is held until the JobLock is destroyed or its holder dies: PostgreSQL releases
// a session's advisory locks when the connection ends, the kernel a dead process's flock.
#pragma once

namespace paperboy {

class JobLock {
 public:
  virtual ~JobLock() = default;
};

}  // namespace paperboy
