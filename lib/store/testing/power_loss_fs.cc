#include "lib/store/testing/power_loss_fs.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dateline {

using rocksdb::FileOptions;
using rocksdb::FSDirectory;
using rocksdb::FSRandomRWFile;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

namespace {

// One spelling per path, so that a file and its directory match ("a//b/" -> "a/b").
std::string Normalize(const std::string& path) {
  std::string p = std::filesystem::path(path).lexically_normal().string();
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

std::string ParentDir(const std::string& normalized_file) {
  return std::filesystem::path(normalized_file).parent_path().string();
}

}  // namespace

uint64_t PowerLossReport::BytesDropped() const {
  uint64_t n = 0;
  for (const File& f : files) n += f.size_before - f.size_after;
  return n;
}

std::string PowerLossReport::ToString() const {
  std::string out;
  for (const File& f : files) {
    absl::StrAppend(&out, f.path, ": ", f.size_before, " -> ",
                    f.deleted ? "deleted" : absl::StrCat(f.size_after, " bytes"), "\n");
  }
  return out.empty() ? "nothing lost\n" : out;
}

// A tracked writable file. While the power is on, forwards to the base file and
// records size and synced size; afterwards (target_ == nullptr) does nothing and
// returns OK. Every call takes the FileSystem's mutex, so no write can reach the base
// file once SimulatePowerLoss has started.
class PowerLossFileSystem::WritableFile : public FSWritableFile {
 public:
  // `target` nullptr: a file opened after the power loss (discards everything).
  WritableFile(PowerLossFileSystem* fs, std::unique_ptr<FSWritableFile> target,
               std::shared_ptr<FileState> state)
      : fs_(fs),
        target_(std::move(target)),
        state_(std::move(state)),
        direct_io_(target_ != nullptr && target_->use_direct_io()),
        alignment_(target_ != nullptr ? target_->GetRequiredBufferAlignment()
                                      : rocksdb::kDefaultPageSize),
        sync_thread_safe_(target_ == nullptr || target_->IsSyncThreadSafe()) {}

  ~WritableFile() override {
    absl::MutexLock lock(&fs_->mu_);
    fs_->open_.erase(this);
    target_.reset();  // the base file closes its handle if still open
  }

  // Power loss: closes the base file without recording anything.
  void CutPower() ABSL_EXCLUSIVE_LOCKS_REQUIRED(fs_->mu_) {
    if (target_ == nullptr) return;
    target_->Close(IOOptions(), nullptr).PermitUncheckedError();
    target_.reset();
  }

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    IOStatus s = target_->Append(data, options, dbg);
    if (s.ok()) state_->size += data.size();
    return s;
  }
  IOStatus Append(const Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& info, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    IOStatus s = target_->Append(data, options, info, dbg);
    if (s.ok()) state_->size += data.size();
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    IOStatus s = target_->PositionedAppend(data, offset, options, dbg);
    if (s.ok()) state_->size = std::max<uint64_t>(state_->size, offset + data.size());
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& info,
                            IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    IOStatus s = target_->PositionedAppend(data, offset, options, info, dbg);
    if (s.ok()) state_->size = std::max<uint64_t>(state_->size, offset + data.size());
    return s;
  }
  IOStatus Truncate(uint64_t size, const IOOptions& options, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    IOStatus s = target_->Truncate(size, options, dbg);
    if (s.ok()) {
      state_->size = size;
      state_->synced = std::min(state_->synced, size);
    }
    return s;
  }
  // Closing makes nothing durable; it only releases the base file.
  IOStatus Close(const IOOptions& options, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    IOStatus s = target_->Close(options, dbg);
    target_.reset();
    fs_->open_.erase(this);
    return s;
  }
  IOStatus Flush(const IOOptions& options, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    return target_->Flush(options, dbg);
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    IOStatus s = target_->Sync(options, dbg);
    if (s.ok()) state_->synced = state_->size;
    return s;
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    IOStatus s = target_->Fsync(options, dbg);
    if (s.ok()) state_->synced = state_->size;
    return s;
  }
  // Only starts write-back (sync_file_range): not durable.
  IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions& options,
                     IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    return target_->RangeSync(offset, nbytes, options, dbg);
  }
  IOStatus Allocate(uint64_t offset, uint64_t len, const IOOptions& options,
                    IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    return target_->Allocate(offset, len, options, dbg);
  }
  void PrepareWrite(size_t offset, size_t len, const IOOptions& options,
                    IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ != nullptr) target_->PrepareWrite(offset, len, options, dbg);
  }
  IOStatus InvalidateCache(size_t offset, size_t length) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return IOStatus::OK();
    return target_->InvalidateCache(offset, length);
  }
  uint64_t GetFileSize(const IOOptions& options, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ == nullptr) return state_->size;
    return target_->GetFileSize(options, dbg);
  }
  void SetPreallocationBlockSize(size_t size) override {
    absl::MutexLock lock(&fs_->mu_);
    if (target_ != nullptr) target_->SetPreallocationBlockSize(size);
  }
  void GetPreallocationStatus(size_t* block_size, size_t* last_allocated_block) override {
    absl::MutexLock lock(&fs_->mu_);
    *block_size = 0;
    *last_allocated_block = 0;
    if (target_ != nullptr) target_->GetPreallocationStatus(block_size, last_allocated_block);
  }
  size_t GetUniqueId(char* id, size_t max_size) const override {
    absl::MutexLock lock(&fs_->mu_);
    return target_ == nullptr ? 0 : target_->GetUniqueId(id, max_size);
  }
  void SetWriteLifeTimeHint(rocksdb::Env::WriteLifeTimeHint hint) override {
    absl::MutexLock lock(&fs_->mu_);
    FSWritableFile::SetWriteLifeTimeHint(hint);
    if (target_ != nullptr) target_->SetWriteLifeTimeHint(hint);
  }
  void SetIOPriority(rocksdb::Env::IOPriority pri) override {
    absl::MutexLock lock(&fs_->mu_);
    FSWritableFile::SetIOPriority(pri);
    if (target_ != nullptr) target_->SetIOPriority(pri);
  }
  bool IsSyncThreadSafe() const override { return sync_thread_safe_; }
  bool use_direct_io() const override { return direct_io_; }
  size_t GetRequiredBufferAlignment() const override { return alignment_; }

 private:
  PowerLossFileSystem* const fs_;
  std::unique_ptr<FSWritableFile> target_ ABSL_GUARDED_BY(fs_->mu_);
  const std::shared_ptr<FileState> state_;  // fields guarded by fs_->mu_
  const bool direct_io_;
  const size_t alignment_;
  const bool sync_thread_safe_;
};

// A directory whose successful fsync makes the entries of the files in it durable.
// After the power loss, fsync does nothing.
class PowerLossFileSystem::Directory : public FSDirectory {
 public:
  Directory(PowerLossFileSystem* fs, std::unique_ptr<FSDirectory> target, std::string path)
      : fs_(fs), target_(std::move(target)), path_(std::move(path)) {}

  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    absl::MutexLock lock(&fs_->mu_);
    if (fs_->lost_) return IOStatus::OK();
    IOStatus s = target_->Fsync(options, dbg);
    if (s.ok()) fs_->MarkEntriesDurable(path_);
    return s;
  }
  IOStatus FsyncWithDirOptions(const IOOptions& options, IODebugContext* dbg,
                               const rocksdb::DirFsyncOptions& dir_options) override {
    absl::MutexLock lock(&fs_->mu_);
    if (fs_->lost_) return IOStatus::OK();
    IOStatus s = target_->FsyncWithDirOptions(options, dbg, dir_options);
    if (s.ok()) fs_->MarkEntriesDurable(path_);
    return s;
  }
  IOStatus Close(const IOOptions& options, IODebugContext* dbg) override {
    return target_->Close(options, dbg);  // releases a handle; changes nothing on disk
  }
  size_t GetUniqueId(char* id, size_t max_size) const override {
    return target_->GetUniqueId(id, max_size);
  }

 private:
  PowerLossFileSystem* const fs_;
  const std::unique_ptr<FSDirectory> target_;
  const std::string path_;  // normalized
};

PowerLossFileSystem::PowerLossFileSystem()
    : rocksdb::FileSystemWrapper(rocksdb::FileSystem::Default()) {}

PowerLossFileSystem::~PowerLossFileSystem() = default;

void PowerLossFileSystem::MarkEntriesDurable(const std::string& dir) {
  for (auto& [path, state] : files_) {
    if (ParentDir(path) == dir) state->entry_durable = true;
  }
}

template <typename OpenFn>
IOStatus PowerLossFileSystem::OpenTracked(const std::string& fname, bool reopen, OpenFn open,
                                          std::unique_ptr<FSWritableFile>* result) {
  absl::MutexLock lock(&mu_);
  if (lost_) {
    *result = std::make_unique<WritableFile>(this, nullptr, std::make_shared<FileState>());
    return IOStatus::OK();
  }
  const std::string path = Normalize(fname);
  auto it = files_.find(path);
  std::shared_ptr<FileState> state;
  if (it != files_.end()) {
    state = reopen ? it->second
                   : std::make_shared<FileState>(FileState{0, 0, it->second->entry_durable});
  } else {
    state = std::make_shared<FileState>();
    uint64_t size = 0;
    if (target_->GetFileSize(fname, IOOptions(), &size, nullptr).ok()) {
      // Existing untracked files (and their contents) are taken as durable.
      state->entry_durable = true;
      if (reopen) state->size = state->synced = size;
    }
  }
  std::unique_ptr<FSWritableFile> base;
  IOStatus s = open(&base);
  if (!s.ok()) return s;
  files_[path] = state;
  auto file = std::make_unique<WritableFile>(this, std::move(base), state);
  open_.insert(file.get());
  *result = std::move(file);
  return IOStatus::OK();
}

IOStatus PowerLossFileSystem::NewWritableFile(const std::string& fname, const FileOptions& options,
                                              std::unique_ptr<FSWritableFile>* result,
                                              IODebugContext* dbg) {
  return OpenTracked(
      fname, /*reopen=*/false,
      [&](std::unique_ptr<FSWritableFile>* base) {
        return target_->NewWritableFile(fname, options, base, dbg);
      },
      result);
}

IOStatus PowerLossFileSystem::ReopenWritableFile(const std::string& fname,
                                                 const FileOptions& options,
                                                 std::unique_ptr<FSWritableFile>* result,
                                                 IODebugContext* dbg) {
  return OpenTracked(
      fname, /*reopen=*/true,
      [&](std::unique_ptr<FSWritableFile>* base) {
        return target_->ReopenWritableFile(fname, options, base, dbg);
      },
      result);
}

// As FileSystem's own default: rename, then start the file afresh (recycled WAL
// records carry their log number, so old bytes need not be overwritten in place).
IOStatus PowerLossFileSystem::ReuseWritableFile(const std::string& fname,
                                                const std::string& old_fname,
                                                const FileOptions& options,
                                                std::unique_ptr<FSWritableFile>* result,
                                                IODebugContext* dbg) {
  IOStatus s = RenameFile(old_fname, fname, IOOptions(), dbg);
  if (!s.ok()) return s;
  return NewWritableFile(fname, options, result, dbg);
}

IOStatus PowerLossFileSystem::NewRandomRWFile(const std::string& fname, const FileOptions& options,
                                              std::unique_ptr<FSRandomRWFile>* result,
                                              IODebugContext* dbg) {
  {
    absl::MutexLock lock(&mu_);
    if (lost_) return IOStatus::IOError("power lost: no new random-access writes");
  }
  return target_->NewRandomRWFile(fname, options, result, dbg);  // untracked
}

IOStatus PowerLossFileSystem::NewDirectory(const std::string& name, const IOOptions& options,
                                           std::unique_ptr<FSDirectory>* result,
                                           IODebugContext* dbg) {
  std::unique_ptr<FSDirectory> base;
  IOStatus s = target_->NewDirectory(name, options, &base, dbg);
  if (!s.ok()) return s;
  *result = std::make_unique<Directory>(this, std::move(base), Normalize(name));
  return IOStatus::OK();
}

IOStatus PowerLossFileSystem::DeleteFile(const std::string& fname, const IOOptions& options,
                                         IODebugContext* dbg) {
  absl::MutexLock lock(&mu_);
  if (lost_) return IOStatus::OK();
  IOStatus s = target_->DeleteFile(fname, options, dbg);
  if (s.ok()) files_.erase(Normalize(fname));
  return s;
}

IOStatus PowerLossFileSystem::RenameFile(const std::string& src, const std::string& target,
                                         const IOOptions& options, IODebugContext* dbg) {
  absl::MutexLock lock(&mu_);
  if (lost_) return IOStatus::OK();
  IOStatus s = target_->RenameFile(src, target, options, dbg);
  if (!s.ok()) return s;
  const std::string from = Normalize(src), to = Normalize(target);
  auto it = files_.find(from);
  if (it == files_.end()) {
    files_.erase(to);  // replaced by an untracked (durable) file
  } else {
    std::shared_ptr<FileState> state = std::move(it->second);
    files_.erase(it);
    files_[to] = std::move(state);
  }
  return s;
}

IOStatus PowerLossFileSystem::LinkFile(const std::string& src, const std::string& target,
                                       const IOOptions& options, IODebugContext* dbg) {
  absl::MutexLock lock(&mu_);
  if (lost_) return IOStatus::OK();
  return target_->LinkFile(src, target, options, dbg);
}

IOStatus PowerLossFileSystem::Truncate(const std::string& fname, size_t size,
                                       const IOOptions& options, IODebugContext* dbg) {
  absl::MutexLock lock(&mu_);
  if (lost_) return IOStatus::OK();
  IOStatus s = target_->Truncate(fname, size, options, dbg);
  auto it = files_.find(Normalize(fname));
  if (s.ok() && it != files_.end()) {
    it->second->size = size;
    it->second->synced = std::min<uint64_t>(it->second->synced, size);
  }
  return s;
}

IOStatus PowerLossFileSystem::CreateDir(const std::string& dirname, const IOOptions& options,
                                        IODebugContext* dbg) {
  absl::MutexLock lock(&mu_);
  if (lost_) return IOStatus::OK();
  return target_->CreateDir(dirname, options, dbg);
}

IOStatus PowerLossFileSystem::CreateDirIfMissing(const std::string& dirname,
                                                 const IOOptions& options, IODebugContext* dbg) {
  absl::MutexLock lock(&mu_);
  if (lost_) return IOStatus::OK();
  return target_->CreateDirIfMissing(dirname, options, dbg);
}

IOStatus PowerLossFileSystem::DeleteDir(const std::string& dirname, const IOOptions& options,
                                        IODebugContext* dbg) {
  absl::MutexLock lock(&mu_);
  if (lost_) return IOStatus::OK();
  return target_->DeleteDir(dirname, options, dbg);
}

absl::StatusOr<PowerLossReport> PowerLossFileSystem::SimulatePowerLoss() {
  absl::MutexLock lock(&mu_);
  if (lost_) return absl::FailedPreconditionError("power already lost");
  lost_ = true;
  for (WritableFile* f : open_) f->CutPower();
  open_.clear();

  PowerLossReport report;
  absl::Status status;
  for (const auto& [path, state] : files_) {
    uint64_t size = 0;
    IOStatus s = target_->GetFileSize(path, IOOptions(), &size, nullptr);
    if (s.IsNotFound()) continue;
    if (!s.ok()) {
      status.Update(absl::InternalError(absl::StrCat("size of ", path, ": ", s.ToString())));
      continue;
    }
    PowerLossReport::File lost{path, size, 0, false};
    if (!state->entry_durable) {
      lost.deleted = true;
      s = target_->DeleteFile(path, IOOptions(), nullptr);
    } else if (size > state->synced) {
      lost.size_after = state->synced;
      // The Posix FileSystem does not implement Truncate(path).
      std::error_code ec;
      std::filesystem::resize_file(path, state->synced, ec);
      if (ec) s = IOStatus::IOError(ec.message());
    } else {
      continue;  // everything durable
    }
    if (!s.ok()) {
      status.Update(absl::InternalError(absl::StrCat("cut ", path, ": ", s.ToString())));
      continue;
    }
    report.files.push_back(std::move(lost));
  }
  files_.clear();
  if (!status.ok()) return status;
  return report;
}

}  // namespace dateline
