// PowerLossFileSystem: a rocksdb::FileSystem for tests that simulates a power loss,
// the failure a process kill cannot show: bytes that were written but never made
// durable vanish. A minimal stand-in for RocksDB's FaultInjectionTestFS, which the
// Debian package of RocksDB 7.8 does not ship.
//
// Wraps FileSystem::Default() (real files on disk). Use it as the Env of a store:
//
//   auto fs = std::make_shared<PowerLossFileSystem>();
//   std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
//   auto kv = RocksKvStore::OpenPrimary(dir, {env.get()});
//   ... writes ...
//   absl::StatusOr<PowerLossReport> lost = fs->SimulatePowerLoss();
//   kv.reset();  // closing cannot rescue anything any more
//   auto reopened = RocksKvStore::OpenPrimary(dir);  // the default Env: what survived
//
// The durability model (deliberately conservative where RocksDB relies on it):
//  - A file is tracked once opened for writing through this FileSystem
//    (NewWritableFile, ReopenWritableFile, ReuseWritableFile).
//  - A tracked file's contents are durable up to its size at its last successful
//    Sync or Fsync. Flush, RangeSync and Close make nothing durable.
//  - A file created through this FileSystem has a durable directory entry only once
//    its parent directory was fsynced (FSDirectory::Fsync/FsyncWithDirOptions) after
//    the creation; a file that already existed when opened keeps its entry.
//  - RenameFile moves a file's tracking (and entry durability) to the new name;
//    DeleteFile stops tracking. Both take effect at once and are never undone.
//  - Not modelled: files written otherwise (NewRandomRWFile, the info LOG when the
//    base FileSystem writes it itself, files that existed before and are never opened
//    for writing), directory creation, hard links. They are treated as durable.
//
// Thread-safe. Every file and directory it hands out must be destroyed before it is.
#ifndef DATELINE_LIB_STORE_TESTING_POWER_LOSS_FS_H_
#define DATELINE_LIB_STORE_TESTING_POWER_LOSS_FS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace dateline {

// What SimulatePowerLoss did to the files on disk.
struct PowerLossReport {
  struct File {
    std::string path;
    uint64_t size_before = 0;  // on disk, when the power went
    uint64_t size_after = 0;   // 0 when deleted
    bool deleted = false;      // created, but its directory entry was never synced
  };
  // Tracked files that lost bytes or were deleted, by path.
  std::vector<File> files;

  uint64_t BytesDropped() const;
  // One line per file, e.g. "/tmp/x/db/000004.log: 1234 -> 567 bytes".
  std::string ToString() const;
};

class PowerLossFileSystem : public rocksdb::FileSystemWrapper {
 public:
  PowerLossFileSystem();  // wraps rocksdb::FileSystem::Default()
  ~PowerLossFileSystem() override;

  const char* Name() const override { return "PowerLossFileSystem"; }

  // Cuts the power, once:
  //  1. From now on every mutating call through this FileSystem, its files and its
  //     directories (append, sync, close, truncate, create, rename, delete, directory
  //     fsync, ...) does nothing and returns OK, so a store closed afterwards cannot
  //     rescue data; only NewRandomRWFile fails (IO_ERROR). Reads and UnlockFile still
  //     work (the same process can reopen the store with another Env).
  //  2. Closes the real handles of all tracked files still open.
  //  3. Deletes every tracked file whose directory entry is not durable and truncates
  //     every other tracked file to its durable size.
  // Errors: FAILED_PRECONDITION when called before; INTERNAL when a file cannot be
  // inspected, truncated or deleted (the power is off regardless).
  absl::StatusOr<PowerLossReport> SimulatePowerLoss();

  // rocksdb::FileSystem overrides (see the model above).
  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& fname,
                                       const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomRWFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSRandomRWFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewDirectory(const std::string& name, const rocksdb::IOOptions& options,
                                 std::unique_ptr<rocksdb::FSDirectory>* result,
                                 rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& fname, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& src, const std::string& target,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus LinkFile(const std::string& src, const std::string& target,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus Truncate(const std::string& fname, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDir(const std::string& dirname, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDirIfMissing(const std::string& dirname,
                                       const rocksdb::IOOptions& options,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteDir(const std::string& dirname, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;

 private:
  class WritableFile;
  class Directory;

  // Durability of one tracked file, shared with its open WritableFile (which keeps
  // updating it across a rename).
  struct FileState {
    uint64_t size = 0;    // bytes written so far
    uint64_t synced = 0;  // bytes durable
    bool entry_durable = false;
  };

  // Opens `fname` for writing through `open` and tracks it; `reopen` keeps existing
  // contents (and their durability) instead of truncating.
  template <typename OpenFn>
  rocksdb::IOStatus OpenTracked(const std::string& fname, bool reopen, OpenFn open,
                                std::unique_ptr<rocksdb::FSWritableFile>* result);
  // Directory fsync of `dir` succeeded: entries of files in it are durable.
  void MarkEntriesDurable(const std::string& dir) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  bool lost_ ABSL_GUARDED_BY(mu_) = false;
  // Tracked files by normalized path.
  std::map<std::string, std::shared_ptr<FileState>> files_ ABSL_GUARDED_BY(mu_);
  // Tracked files with a live handle to the base FileSystem.
  std::set<WritableFile*> open_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_TESTING_POWER_LOSS_FS_H_
