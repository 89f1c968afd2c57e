#include "sim/engine/run_scenario.hpp"

#include <chrono>
#include <optional>

#include "sim/core/errors.hpp"
#include "sim/engine/checkpoint.hpp"
#include "sim/engine/recorder.hpp"

namespace wfsim::engine {

RunOutcome run_scenario(const RunRequest& rq) {
  const auto& sc = *rq.scenario;
  RunOutcome out;
  auto t0 = std::chrono::steady_clock::now();
  std::optional<Recorder::Carry> carry;
  std::vector<output::Attr> attributes = rq.attributes;
  if (!rq.from.empty()) {
    auto restored = load_checkpoint(rq.from, rq.scenario);
    out.engine = std::move(restored.engine);
    carry = std::move(restored.carry);
    out.first_tick = out.engine->ticks_done();
    attributes.push_back({"fork_tick", out.first_tick});
    attributes.push_back({"checkpoint_hash", std::string(restored.hash)});
    if (!carry && !rq.output.empty() && sc.output.agent_every > 0) {
      throw UsageError("checkpoint '" + rq.from.string() +
                       "' was made without an output file, so it lacks the per-person rows of "
                       "people who left before the fork; make it with an output file");
    }
  } else {
    out.engine = std::make_unique<Engine>(rq.scenario);
  }
  Engine& engine = *out.engine;
  std::int64_t end = sc.ticks;
  if (rq.checkpoint_at >= 0) {
    if (rq.checkpoint_at <= out.first_tick || rq.checkpoint_at > sc.ticks) {
      throw UsageError("--checkpoint-at must be in " + std::to_string(out.first_tick + 1) + ".." +
                       std::to_string(sc.ticks) + " (got " + std::to_string(rq.checkpoint_at) +
                       ")");
    }
    end = rq.checkpoint_at;
    attributes.push_back({"checkpoint_at", rq.checkpoint_at});
  }
  std::unique_ptr<Recorder> recorder;
  if (!rq.output.empty()) {
    recorder = std::make_unique<Recorder>(engine, rq.output, rq.force, attributes);
    if (carry) recorder->resume(std::move(*carry));
  }
  for (std::int64_t t = out.first_tick; t < end; ++t) {
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
  // Before finish(), which adds the last graph snapshot the unforked run has not.
  if (rq.checkpoint_at >= 0) save_checkpoint(rq.checkpoint, engine, recorder.get());
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
