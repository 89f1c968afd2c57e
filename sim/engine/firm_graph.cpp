#include "sim/engine/firm_graph.hpp"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>

namespace wfsim::engine {

using CsrGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, std::uint32_t, std::uint32_t>;

struct FirmGraph::Csr {
  CsrGraph g;
  [[nodiscard]] std::span<const std::uint32_t> row(std::int32_t v) const {
    const auto& f = g.m_forward;
    if (v < 0 || static_cast<std::size_t>(v) + 1 >= f.m_rowstart.size()) return {};
    return {f.m_column.data() + f.m_rowstart[v], f.m_column.data() + f.m_rowstart[v + 1]};
  }
};

namespace {

// Sorts every row and drops repeated targets and self-loops, in place.
void dedupe_rows(CsrGraph& g) {
  auto& rs = g.m_forward.m_rowstart;
  auto& col = g.m_forward.m_column;
  std::uint32_t out = 0;
  for (std::size_t v = 0; v + 1 < rs.size(); ++v) {
    std::uint32_t b = rs[v], e = rs[v + 1];
    std::sort(col.begin() + b, col.begin() + e);
    rs[v] = out;
    for (std::uint32_t i = b; i < e; ++i) {
      if (col[i] == v) continue;
      if (out > rs[v] && col[out - 1] == col[i]) continue;
      col[out++] = col[i];
    }
  }
  rs.back() = out;
  col.resize(out);
  col.shrink_to_fit();
}

std::unique_ptr<FirmGraph::Csr> make_csr(std::size_t n, std::vector<std::uint32_t>& src,
                                         std::vector<std::uint32_t>& dst);

}  // namespace

FirmGraph::FirmGraph() : tree_(std::make_unique<Csr>()), collab_(std::make_unique<Csr>()) {}
FirmGraph::~FirmGraph() = default;
FirmGraph::FirmGraph(FirmGraph&&) noexcept = default;
FirmGraph& FirmGraph::operator=(FirmGraph&&) noexcept = default;

namespace {
// Counting sort of (src, dst) into the BGL graph's own row-start and column
// arrays: O(E), where BGL's in-place constructor was the slowest step of
// generation at a million positions. Rows keep input order; callers sort them.
std::unique_ptr<FirmGraph::Csr> make_csr(std::size_t n, std::vector<std::uint32_t>& src,
                                         std::vector<std::uint32_t>& dst) {
  auto c = std::make_unique<FirmGraph::Csr>();
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> none;
  c->g = CsrGraph(boost::edges_are_sorted, none.begin(), none.end(), static_cast<std::uint32_t>(n));
  auto& rs = c->g.m_forward.m_rowstart;
  auto& col = c->g.m_forward.m_column;
  rs.assign(n + 1, 0);
  for (auto v : src) rs[v + 1] += 1;
  for (std::size_t v = 0; v < n; ++v) rs[v + 1] += rs[v];
  col.resize(src.size());
  std::vector<std::uint32_t> next(rs.begin(), rs.end() - 1);
  for (std::size_t e = 0; e < src.size(); ++e) col[next[src[e]]++] = dst[e];
  src = {};
  dst = {};
  return c;
}
}  // namespace

void FirmGraph::rebuild_tree(std::span<const std::int32_t> parent,
                             std::span<const std::uint8_t> alive) {
  const std::size_t n = parent.size();
  std::vector<std::uint32_t> src, dst;
  src.reserve(n);
  dst.reserve(n);
  std::int32_t top = -1;
  for (std::size_t p = 0; p < n; ++p) {
    if (!alive[p]) continue;
    if (parent[p] < 0) {
      top = static_cast<std::int32_t>(p);
    } else {
      src.push_back(static_cast<std::uint32_t>(parent[p]));
      dst.push_back(static_cast<std::uint32_t>(p));
    }
  }
  tree_ = make_csr(n, src, dst);
  dedupe_rows(tree_->g);  // sorts each row: children in ascending id
  top_down_.clear();
  depth_.assign(n, 0);
  if (top < 0) return;
  top_down_.push_back(top);
  depth_[top] = 1;
  for (std::size_t i = 0; i < top_down_.size(); ++i) {
    std::int32_t p = top_down_[i];
    for (auto c : tree_->row(p)) {
      depth_[c] = depth_[p] + 1;
      top_down_.push_back(static_cast<std::int32_t>(c));
    }
  }
}

void FirmGraph::build_collaboration(std::size_t n,
                                    std::vector<std::pair<std::uint32_t, std::uint32_t>> ties) {
  std::vector<std::uint32_t> src, dst;
  src.reserve(2 * ties.size());
  dst.reserve(2 * ties.size());
  for (auto [a, b] : ties) {
    src.push_back(a);
    dst.push_back(b);
    src.push_back(b);
    dst.push_back(a);
  }
  ties.clear();
  ties.shrink_to_fit();
  collab_ = make_csr(n, src, dst);
  dedupe_rows(collab_->g);
}

void FirmGraph::add_collaboration_ties(
    std::size_t n, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& extra) {
  const auto& f = collab_->g.m_forward;
  // Nothing new (only eliminations since the last build): ties to dead
  // positions stay, as a rebuild would keep them, and cost nothing to skip.
  if (extra.empty() && n + 1 == f.m_rowstart.size()) return;
  std::vector<std::uint32_t> src, dst;
  src.reserve(f.m_column.size() + 2 * extra.size());
  dst.reserve(src.capacity());
  for (std::size_t v = 0; v + 1 < f.m_rowstart.size(); ++v) {
    for (auto i = f.m_rowstart[v]; i < f.m_rowstart[v + 1]; ++i) {
      src.push_back(static_cast<std::uint32_t>(v));
      dst.push_back(f.m_column[i]);
    }
  }
  for (auto [a, b] : extra) {
    src.push_back(a);
    dst.push_back(b);
    src.push_back(b);
    dst.push_back(a);
  }
  collab_ = make_csr(n, src, dst);
  dedupe_rows(collab_->g);
}

std::span<const std::uint32_t> FirmGraph::children(std::int32_t p) const {
  return tree_->row(p);
}
std::span<const std::uint32_t> FirmGraph::neighbors(std::int32_t p) const {
  return collab_->row(p);
}

std::size_t FirmGraph::collaboration_size() const {
  const auto& rs = collab_->g.m_forward.m_rowstart;
  return rs.empty() ? 0 : rs.size() - 1;
}

std::size_t FirmGraph::collaboration_ties() const {
  return collab_->g.m_forward.m_column.size() / 2;
}

}  // namespace wfsim::engine
