#include "wast2json.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace wasmbind::spec {

TempDir::TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "wasmbind-spec-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) {
    throw std::runtime_error("cannot create a temp dir " + templ + ": " + std::strerror(errno));
  }
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);  // best effort; never throws
}

std::vector<std::string> wast2json_flags(const Features& features) {
  std::vector<std::string> flags;
  if (features.tail_call) flags.emplace_back("--enable-tail-call");
  if (features.extended_const) flags.emplace_back("--enable-extended-const");
  if (features.multi_memory) flags.emplace_back("--enable-multi-memory");
  return flags;
}

namespace {

// posix_spawn file actions with guaranteed cleanup.
class FileActions {
 public:
  FileActions() {
    if (int rc = posix_spawn_file_actions_init(&actions_); rc != 0) {
      throw std::runtime_error(std::string("posix_spawn_file_actions_init: ") + std::strerror(rc));
    }
  }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

}  // namespace

Wast2JsonResult run_wast2json(const std::string& tool, const std::filesystem::path& wast,
                              const std::filesystem::path& out_json, const Features& features) {
  std::vector<std::string> args{tool};
  for (std::string& flag : wast2json_flags(features)) args.push_back(std::move(flag));
  args.push_back(wast.string());
  args.emplace_back("-o");
  args.push_back(out_json.string());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // Diagnostics go to a file next to the JSON: no pipe to drain, no deadlock.
  const std::filesystem::path log = out_json.parent_path() / "wast2json.log";
  FileActions actions;
  if (int rc = posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, log.c_str(),
                                                O_WRONLY | O_CREAT | O_TRUNC, 0600);
      rc != 0) {
    throw std::runtime_error(std::string("posix_spawn_file_actions_addopen: ") + std::strerror(rc));
  }
  if (int rc = posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, STDERR_FILENO);
      rc != 0) {
    throw std::runtime_error(std::string("posix_spawn_file_actions_adddup2: ") + std::strerror(rc));
  }

  pid_t pid = 0;
  // posix_spawnp: a bare "wast2json" is looked up in PATH, a path is used as is.
  if (int rc = posix_spawnp(&pid, tool.c_str(), actions.get(), nullptr, argv.data(), environ);
      rc != 0) {
    throw std::runtime_error("cannot run " + tool + ": " + std::strerror(rc));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }

  Wast2JsonResult result;
  if (WIFEXITED(status)) {
    result.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_status = 128 + WTERMSIG(status);
  } else {
    result.exit_status = 255;
  }
  std::ifstream in(log, std::ios::binary);
  result.diagnostics.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return result;
}

}  // namespace wasmbind::spec
