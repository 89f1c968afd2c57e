// The two graphs of a firm, Boost.Graph compressed_sparse_row_graph with
// 32-bit ids, behind a small adapter that hands out spans so that phases and
// policies never see BGL types:
//  - the reporting tree's child index (the parent column in Positions is the
//    source of truth; the index is rebuilt from it), with a top-down order
//    and each position's depth;
//  - the undirected collaboration graph over positions (each tie stored in
//    both directions, no duplicates), rebuilt, not edited, when reshaped.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace wfsim::engine {

class FirmGraph {
 public:
  FirmGraph();
  ~FirmGraph();
  FirmGraph(FirmGraph&&) noexcept;
  FirmGraph& operator=(FirmGraph&&) noexcept;

  // Rebuilds the child index, the top-down order and depths from the parent
  // column; positions with alive == 0 are left out.
  void rebuild_tree(std::span<const std::int32_t> parent, std::span<const std::uint8_t> alive);

  // Replaces the collaboration graph by one over n positions holding `ties`
  // (each undirected pair once or more, any order; duplicates and self-ties dropped).
  void build_collaboration(std::size_t n,
                           std::vector<std::pair<std::uint32_t, std::uint32_t>> ties);
  // Rebuilds it over n >= old n positions with its ties plus `extra`.
  void add_collaboration_ties(std::size_t n,
                              const std::vector<std::pair<std::uint32_t, std::uint32_t>>& extra);

  [[nodiscard]] std::span<const std::uint32_t> children(std::int32_t p) const;
  [[nodiscard]] std::span<const std::uint32_t> neighbors(std::int32_t p) const;
  // Alive positions, parents before children (breadth first from the top).
  [[nodiscard]] std::span<const std::int32_t> top_down() const { return top_down_; }
  // Positions on the path to the top, the position itself included (L_i).
  [[nodiscard]] std::int32_t depth(std::int32_t p) const { return depth_[p]; }
  [[nodiscard]] std::size_t collaboration_ties() const;  // undirected ties
  [[nodiscard]] std::size_t collaboration_size() const;  // positions it was built over

  struct Csr;  // the BGL graph; defined in firm_graph.cpp only

 private:
  std::unique_ptr<Csr> tree_;
  std::unique_ptr<Csr> collab_;
  std::vector<std::int32_t> top_down_;
  std::vector<std::int32_t> depth_;
};

}  // namespace wfsim::engine
