// datelinectl: command-line client of the Dateline ingest and query services.
// Only wiring lives here: flags, channels, dispatch to the subcommand units.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "dateline/v1/ingest_service.grpc.pb.h"
#include "dateline/v1/query_service.grpc.pb.h"
#include "lib/client/channel.h"
#include "lib/client/grpc_status.h"
#include "lib/client/tls_flags.h"
#include "dateline/v1/admin_service.grpc.pb.h"
#include "tools/datelinectl/admin_commands.h"
#include "tools/datelinectl/health_check.h"
#include "tools/datelinectl/import_summary.h"
#include "tools/datelinectl/importer.h"
#include "tools/datelinectl/progress.h"
#include "tools/datelinectl/query_commands.h"

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

ABSL_FLAG(std::string, ingest, EnvOr("DATELINE_INGEST", "127.0.0.1:50051"),
          "Ingest service address HOST:PORT (env DATELINE_INGEST).");
ABSL_FLAG(std::string, query, EnvOr("DATELINE_QUERY", "127.0.0.1:50052"),
          "Query service address HOST:PORT (env DATELINE_QUERY).");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30),
          "Deadline of each unary call (queries, ImportPage, health).");
ABSL_FLAG(std::string, date, "", "list: one day, YYYY-MM-DD.");
ABSL_FLAG(std::string, start, "", "list: first day of a range (with --end).");
ABSL_FLAG(std::string, end, "", "list: last day of a range (with --start).");
ABSL_FLAG(std::string, topic, "", "list: only events with this topic.");
ABSL_FLAG(int32_t, page_size, 0,
          "list/related/revisions: page size (0 = server default).");
ABSL_FLAG(std::string, page_token, "", "list: continue from this token.");
ABSL_FLAG(bool, all, false,
          "list/related/revisions: follow page tokens and print everything.");
ABSL_FLAG(std::string, consistency_token, "",
          "Reads: wait until the store has the write this token came from.");
ABSL_FLAG(int32_t, window, 256,
          "import: unanswered requests per ingest stream.");
ABSL_FLAG(int32_t, page_concurrency, 4, "import: ImportPage calls in flight.");
ABSL_FLAG(std::string, to, "",
          "backup: the backup directory, on the ingest's filesystem under its --backup_root.");
ABSL_FLAG(int32_t, keep_last, 0, "backup: then keep only the newest N backups (0 = all).");
ABSL_FLAG(bool, verify, false, "backup: then verify every backup in the directory.");
ABSL_FLAG(std::string, from, "", "restore: the backup directory (local).");
ABSL_FLAG(std::string, db, "", "restore: the new store directory (must not exist or be empty).");
ABSL_FLAG(int32_t, backup_id, 0, "restore: the backup to restore (0 = the newest).");
ABSL_FLAG(absl::Duration, backup_timeout, absl::Minutes(30),
          "backup, check-store: deadline of the call.");
ABSL_FLAG(int64_t, max_request_bytes, 1 << 20,
          "import: lines whose request is larger are rejected, not sent (the "
          "servers' --max_message_bytes defaults to 1 MiB).");

namespace {

constexpr char kUsage[] = R"(command-line client of the Dateline services.

Usage: datelinectl [flags] COMMAND [ARGS]

Commands:
  import FILE_OR_DIR...     ingest .jsonl files (one EventSubmission per line) and
                            archive pages (.md files, or directories searched for
                            news/YYYY/MM/DD/{slug}.md); prints a summary and every
                            rejected item as FILE:LINE: CODE: message
  get NAME...               one event, or several with BatchGetEvents (printed as
                            {"events": [...]} in the order given); aliases accepted
  list --date=D | --start=D --end=D [--topic=T] [--page_size=N] [--all]
                            events of a day or a date range
  related NAME              related events, best first
  revisions NAME            revisions of an event, newest first
  revision NAME/revisions/N one revision (N or "latest")
  page NAME                 the event's archive page (markdown)
  health                    health of both services
  backup --to=DIR [--keep_last=N] [--verify]
                            the ingest backs its store up into DIR (a directory on
                            the ingest's filesystem, under its --backup_root);
                            incremental, without stopping writes
  check-store               the ingest checks the checksums of every table file of
                            its live store (DATA_LOSS naming a damaged file)
  backups DIR               list the backups in a local backup directory
  verify DIR                check every file of every backup in a local directory
  restore --from=DIR --db=NEWDIR [--backup_id=N]
                            restore a backup (default the newest) into a new store
                            directory; offline, no server involved

Addresses: --ingest (env DATELINE_INGEST, default 127.0.0.1:50051),
           --query (env DATELINE_QUERY, default 127.0.0.1:50052).
Exit status: 0 success (an import with rejected items included), 1 a call failed
or the server could not be reached, 2 bad usage.)";

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsageError = 2;

using ::dateline::client::Connect;

int Usage(const std::string& message) {
  std::cerr << "datelinectl: " << message << "\n"
            << "Run 'datelinectl --help' for usage.\n";
  return kUsageError;
}

// A channel to `target` with the TLS flags' credentials (plaintext when none is set).
std::shared_ptr<grpc::Channel> Channel(const std::string& target) {
  static const auto* credentials =
      new std::shared_ptr<grpc::ChannelCredentials>(
          dateline::client::CredentialsFromFlags("datelinectl"));
  return Connect(target, *credentials);
}

int RunImport(const std::vector<std::string>& operands) {
  if (operands.empty()) return Usage("import needs at least one FILE_OR_DIR");
  auto inputs = dateline::ctl::PlanImport(operands);
  if (!inputs.ok()) return Usage(std::string(inputs.status().message()));

  const std::string target = absl::GetFlag(FLAGS_ingest);
  auto stub = dateline::v1::IngestService::NewStub(Channel(target));
  dateline::ctl::ImportOptions options;
  options.window = absl::GetFlag(FLAGS_window);
  options.page_concurrency = absl::GetFlag(FLAGS_page_concurrency);
  options.page_timeout = absl::GetFlag(FLAGS_timeout);
  options.max_request_bytes = absl::GetFlag(FLAGS_max_request_bytes);

  dateline::ctl::ImportSummary summary;
  dateline::ctl::ProgressMeter progress(isatty(STDERR_FILENO) != 0,
                                        [](const std::string& text) {
                                          std::fputs(text.c_str(), stderr);
                                          std::fflush(stderr);
                                        });
  absl::Status status;
  for (const auto& input : *inputs) {
    if (input.kind == dateline::ctl::ImportInput::Kind::kJsonl) {
      status = dateline::ctl::ImportJsonlFile(stub.get(), input.file, options,
                                              &summary, &progress);
    } else {
      status = dateline::ctl::ImportPages(stub.get(), input.pages, options,
                                          &summary, &progress);
    }
    if (!status.ok()) break;
  }
  progress.Finish();
  if (status.ok() || summary.done() > 0)
    std::cout << summary.Format() << std::flush;
  if (!status.ok()) {
    std::cerr << "datelinectl: import stopped: "
              << dateline::client::FormatStatus(status) << "\n";
    if (dateline::client::IsTransportFailure(status.code())) {
      std::cerr << "datelinectl: is dateline-ingest running at " << target
                << "? (--ingest / DATELINE_INGEST)\n";
    }
    return kFailed;
  }
  return kOk;
}

int RunHealth() {
  const absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  int exit_code = kOk;
  for (const auto& [label, target] :
       {std::pair<std::string, std::string>{"ingest",
                                            absl::GetFlag(FLAGS_ingest)},
        {"query", absl::GetFlag(FLAGS_query)}}) {
    auto status = dateline::ctl::CheckHealth(Channel(target), "", timeout);
    if (status.ok()) {
      std::cout << label << " " << target << ": " << *status << "\n";
      if (*status != "SERVING") exit_code = kFailed;
    } else {
      std::cout << label << " " << target << ": "
                << dateline::client::FormatStatus(status.status()) << "\n";
      exit_code = kFailed;
    }
  }
  return exit_code;
}

int RunAdminCommand(const std::string& command, const std::vector<std::string>& operands) {
  absl::Status status;
  if (command == "backup") {
    if (!operands.empty()) return Usage("backup takes flags, not operands");
    dateline::ctl::BackupOptions options;
    options.to = absl::GetFlag(FLAGS_to);
    options.keep_last = absl::GetFlag(FLAGS_keep_last);
    options.verify = absl::GetFlag(FLAGS_verify);
    options.timeout = absl::GetFlag(FLAGS_backup_timeout);
    if (options.to.empty()) return Usage("backup needs --to=DIR");
    if (options.keep_last < 0) return Usage("--keep_last must not be negative");
    auto stub = dateline::v1::AdminService::NewStub(Channel(absl::GetFlag(FLAGS_ingest)));
    status = dateline::ctl::RunBackup(stub.get(), options, std::cout, std::cerr);
  } else if (command == "check-store") {
    if (!operands.empty()) return Usage("check-store takes no operands");
    auto stub = dateline::v1::AdminService::NewStub(Channel(absl::GetFlag(FLAGS_ingest)));
    status = dateline::ctl::RunCheckStore(stub.get(), absl::GetFlag(FLAGS_backup_timeout),
                                          std::cout, std::cerr);
  } else if (command == "backups" || command == "verify") {
    if (operands.size() != 1) return Usage(command + " takes exactly one DIR");
    status = command == "backups"
                 ? dateline::ctl::RunListBackups(operands[0], std::cout, std::cerr)
                 : dateline::ctl::RunVerifyBackups(operands[0], std::cout, std::cerr);
  } else {  // restore
    if (!operands.empty()) return Usage("restore takes flags, not operands");
    const std::string from = absl::GetFlag(FLAGS_from);
    const std::string db = absl::GetFlag(FLAGS_db);
    const int32_t id = absl::GetFlag(FLAGS_backup_id);
    if (from.empty() || db.empty()) return Usage("restore needs --from=DIR and --db=NEWDIR");
    if (id < 0) return Usage("--backup_id must not be negative");
    status = dateline::ctl::RunRestore(
        from, db, id == 0 ? std::nullopt : std::optional<uint32_t>(static_cast<uint32_t>(id)),
        std::cout, std::cerr);
  }
  return status.ok() ? kOk : kFailed;
}

int RunQuery(const std::string& command,
             const std::vector<std::string>& operands) {
  auto stub =
      dateline::v1::QueryService::NewStub(Channel(absl::GetFlag(FLAGS_query)));
  dateline::ctl::QueryOptions options;
  options.timeout = absl::GetFlag(FLAGS_timeout);
  options.consistency_token = absl::GetFlag(FLAGS_consistency_token);
  absl::Status status;
  if (command == "list") {
    if (!operands.empty()) return Usage("list takes flags, not operands");
    dateline::ctl::ListOptions list;
    list.date = absl::GetFlag(FLAGS_date);
    list.start_date = absl::GetFlag(FLAGS_start);
    list.end_date = absl::GetFlag(FLAGS_end);
    list.topic = absl::GetFlag(FLAGS_topic);
    list.page_size = absl::GetFlag(FLAGS_page_size);
    list.page_token = absl::GetFlag(FLAGS_page_token);
    list.all = absl::GetFlag(FLAGS_all);
    if (absl::Status valid = dateline::ctl::ValidateListOptions(list);
        !valid.ok()) {
      return Usage(std::string(valid.message()));
    }
    status = dateline::ctl::ListEvents(stub.get(), list, options, std::cout,
                                       std::cerr);
    return status.ok() ? kOk : kFailed;
  }
  if (command == "get" && operands.size() > 1) {
    status = dateline::ctl::GetEvents(stub.get(), operands, options, std::cout, std::cerr);
    return status.ok() ? kOk : kFailed;
  }
  if (operands.size() != 1) return Usage(command + " takes exactly one NAME");
  const std::string& name = operands[0];
  if (command == "get") {
    status = dateline::ctl::GetEvent(stub.get(), name, options, std::cout,
                                     std::cerr);
  } else if (command == "related") {
    status = dateline::ctl::ListRelatedEvents(
        stub.get(), name, absl::GetFlag(FLAGS_page_size),
        absl::GetFlag(FLAGS_all), options, std::cout, std::cerr);
  } else if (command == "revisions") {
    status = dateline::ctl::ListEventRevisions(
        stub.get(), name, absl::GetFlag(FLAGS_page_size),
        absl::GetFlag(FLAGS_all), options, std::cout, std::cerr);
  } else if (command == "revision") {
    status = dateline::ctl::GetEventRevision(stub.get(), name, options,
                                             std::cout, std::cerr);
  } else if (command == "page") {
    status = dateline::ctl::RenderEventPage(stub.get(), name, options,
                                            std::cout, std::cerr);
  } else {
    return Usage("unknown command '" + command + "'");
  }
  return status.ok() ? kOk : kFailed;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  absl::FlagsUsageConfig usage_config;
  usage_config.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "datelinectl/main.cc") ||
           absl::EndsWith(file, "client/tls_flags.cc");
  };
  usage_config.contains_helpshort_flags = usage_config.contains_help_flags;
  absl::SetFlagsUsageConfig(usage_config);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) return Usage("missing COMMAND");
  const std::string command = args[1];
  const std::vector<std::string> operands(args.begin() + 2, args.end());
  if (command == "import") return RunImport(operands);
  if (command == "health") {
    if (!operands.empty()) return Usage("health takes no operands");
    return RunHealth();
  }
  if (command == "backup" || command == "backups" || command == "verify" ||
      command == "restore" || command == "check-store") {
    return RunAdminCommand(command, operands);
  }
  return RunQuery(command, operands);
}
