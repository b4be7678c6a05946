// Test helpers: an HTTP GET of a metrics endpoint over a plain socket, and the value
// of one sample in Prometheus' text format.
#ifndef DATELINE_LIB_METRICS_TESTING_SCRAPE_H_
#define DATELINE_LIB_METRICS_TESTING_SCRAPE_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace dateline::metrics::testing {

// The body of GET http://127.0.0.1:port/path, or nullopt when it cannot be read or
// the status is not 200.
inline std::optional<std::string> HttpGet(int port, const std::string& path = "/metrics") {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return std::nullopt;
  }
  const std::string request =
      absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return std::nullopt;
  }
  std::string response;
  char buf[65536];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) response.append(buf, static_cast<size_t>(n));
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (body == std::string::npos || response.find(" 200 ") > response.find("\r\n")) {
    return std::nullopt;
  }
  return response.substr(body + 4);
}

// The value of the sample whose name and labels are exactly `series` (e.g.
// `dateline_rpc_requests_total{code="OK",method="/x.Y/Z"}`; labels in the order the
// exposition prints them), or nullopt when absent.
inline std::optional<double> Sample(const std::string& text, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    if (space == absl::string_view::npos || line.substr(0, space) != series) continue;
    double v = 0;
    if (absl::SimpleAtod(line.substr(space + 1), &v)) return v;
  }
  return std::nullopt;
}

}  // namespace dateline::metrics::testing

#endif  // DATELINE_LIB_METRICS_TESTING_SCRAPE_H_
