// ServerProcess: runs a real dateline binary as a child process for cross-service
// tests, on a port it picks itself (--listen=127.0.0.1:0 --port_file=...).
#ifndef DATELINE_TESTS_SERVER_PROCESS_H_
#define DATELINE_TESTS_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace dateline::testing {

class ServerProcess {
 public:
  // Starts `binary` with `args` plus --listen/--port_file, logging to
  // `work_dir`/`name`.log, and waits (up to `timeout`) until it listens.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      const std::string& binary, const std::vector<std::string>& args,
      const std::string& work_dir, const std::string& name,
      absl::Duration timeout = absl::Seconds(20));

  ~ServerProcess();  // SIGKILLs the process if it still runs

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  std::shared_ptr<grpc::Channel> Channel() const;

  // Waits until grpc.health.v1 reports SERVING for "" (up to `timeout`).
  absl::Status WaitServing(absl::Duration timeout = absl::Seconds(20)) const;
  // The health status name ("SERVING", "NOT_SERVING", ...) or the RPC error.
  absl::StatusOr<std::string> Health(const std::string& service = "") const;

  void Signal(int sig) const;
  // Waits for the process to end: its exit code, or 128 + signal number. Errors:
  // DEADLINE_EXCEEDED when it runs past `timeout`.
  absl::StatusOr<int> Wait(absl::Duration timeout = absl::Seconds(30));
  std::string Log() const;

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  int port_ = 0;
  bool reaped_ = false;
  std::string log_path_;
};

// Runs `command` with /bin/sh; its exit code (-1 when it could not run or was killed by
// a signal), with what it wrote to stdout in *out (replaced). Redirect stderr in
// `command` to see it too (" 2>&1").
int RunShell(const std::string& command, std::string* out);

// The port a server wrote to a port file (--port_file and the like); 0 while the
// file is absent or incomplete.
int ReadPortFile(const std::string& path);

// A fresh directory under $TMPDIR, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace dateline::testing

#endif  // DATELINE_TESTS_SERVER_PROCESS_H_
