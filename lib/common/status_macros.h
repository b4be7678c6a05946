// Small status helpers (Abseil 20220623 has no public status macros).
#ifndef DATELINE_LIB_COMMON_STATUS_MACROS_H_
#define DATELINE_LIB_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define DL_CONCAT_INNER_(a, b) a##b
#define DL_CONCAT_(a, b) DL_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define DL_RETURN_IF_ERROR(expr)                       \
  do {                                                 \
    ::absl::Status dl_status_ = (expr);                \
    if (!dl_status_.ok()) return dl_status_;           \
  } while (0)

// `DL_ASSIGN_OR_RETURN(auto x, F());` assigns the value of an absl::StatusOr or
// returns its status from the enclosing function.
#define DL_ASSIGN_OR_RETURN(lhs, expr) \
  DL_ASSIGN_OR_RETURN_IMPL_(DL_CONCAT_(dl_statusor_, __LINE__), lhs, expr)
#define DL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // DATELINE_LIB_COMMON_STATUS_MACROS_H_
