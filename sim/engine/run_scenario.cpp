#include "sim/engine/run_scenario.hpp"

#include <chrono>

#include "sim/engine/recorder.hpp"

namespace wfsim::engine {

RunOutcome run_scenario(const RunRequest& rq) {
  const auto& sc = *rq.scenario;
  RunOutcome out;
  auto t0 = std::chrono::steady_clock::now();
  out.engine = std::make_unique<Engine>(rq.scenario);
  Engine& engine = *out.engine;
  std::unique_ptr<Recorder> recorder;
  if (!rq.output.empty()) {
    recorder = std::make_unique<Recorder>(engine, rq.output, rq.force, rq.attributes);
  }
  for (std::int64_t t = 0; t < sc.ticks; ++t) {
    if (rq.stop != nullptr && rq.stop->load() != 0) {
      if (recorder) out.bytes_written = recorder->bytes_written();
      recorder.reset();  // closes the file without marking it complete
      out.wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      return out;
    }
    engine.step();
    out.agent_ticks += engine.metric("headcount");
    if (recorder) {
      auto r0 = std::chrono::steady_clock::now();
      recorder->record(engine);
      engine.profile().add(
          Phase::output,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count());
    }
    out.ticks_done = t + 1;
    if (rq.on_tick) rq.on_tick(t + 1, out.agent_ticks);
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (recorder) {
    std::vector<output::Attr> extra;
    if (rq.final_attributes) extra = rq.final_attributes(engine);
    recorder->finish(engine, out.wall_seconds, extra);
    out.bytes_written = recorder->bytes_written();
  }
  out.complete = true;
  return out;
}

}  // namespace wfsim::engine
