// `mpirun -n N wfsim sweep FILE`: rank 0 hands out run indices one at a time
// on request (dynamic load balancing: runs differ in length) and runs its
// own share in worker threads meanwhile; every rank writes its own run
// files; rank 0 writes the index once all ranks are done. Only each rank's
// main thread calls MPI (MPI_THREAD_FUNNELED). Without WFSIM_MPI these
// functions describe a single process.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/sweep/execute.hpp"

namespace wfsim::app::mpi {

struct World {
  int rank = 0;
  int size = 1;
};

// Ranks of the launch according to the launcher's environment (OpenMPI,
// PMIx, Slurm's PMI), 1 when not launched by one.
int launched_size();
bool available();  // built with MPI
World init();      // MPI_Init_thread when available and launched with ranks
void finalize();

// Rank 0: hands out `todo` (ignored on other ranks); every rank runs what it
// gets. `refuse` (rank 0): hand out nothing, so the other ranks stop at once.
sweep::ExecStats run_distributed(const World& world, const sweep::Plan& plan,
                                 const std::vector<std::int64_t>& todo, bool refuse,
                                 const sweep::ExecOptions& options);

// Sum over ranks, valid on rank 0.
std::int64_t sum_at_root(const World& world, std::int64_t value);

}  // namespace wfsim::app::mpi
