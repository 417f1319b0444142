// The TCP connections libgit2 makes for the mirror cache (http, https through TLS on
// top, git://, ssh), registered as libgit2's standard stream. Three reasons to own them:
// libgit2 1.5 leaves Nagle's algorithm on, so each smart-HTTP POST (headers, then body)
// waits 40 ms for a delayed ACK; it has no connect time-out; and a silent server
// blocks a read forever. Here every socket gets TCP_NODELAY, a connect time-out, and a
// time-out on silence and on the whole transfer, taken from the NetworkLimits alive in
// the calling thread (libgit2 fetches in the thread that calls it).
#include <fcntl.h>
#include <git2/sys/stream.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "vcs/handles.h"
#include "vcs/mirror.h"

namespace vcs {

namespace {

using Clock = std::chrono::steady_clock;

thread_local NetworkLimits* t_limits = nullptr;

// The layout of libgit2 1.5's own socket stream, which its SSH transport reads the
// socket from (GIT_CONTAINER_OF(io, git_socket_stream, parent)->s): parent, host, port,
// socket, in this order; fields of ours follow.
struct TcpStream {
    git_stream parent;
    char* host;
    char* port;
    int s;
    std::string host_name;
    std::string port_name;
};
static_assert(std::is_standard_layout_v<TcpStream>);

TcpStream* self(git_stream* stream) { return reinterpret_cast<TcpStream*>(stream); }

std::string where(const TcpStream& stream) { return stream.host_name + ":" + stream.port_name; }

// Milliseconds to wait for the next event: the smaller of the silence limit and what
// is left of the deadline; -1 for no limit. Sets *past when the deadline has passed.
int wait_budget(bool* past) {
    *past = false;
    if (t_limits == nullptr) {
        return -1;
    }
    long long budget = t_limits->stall_timeout_ms() > 0 ? t_limits->stall_timeout_ms() : -1;
    if (const auto deadline = t_limits->deadline()) {
        const long long left =
            std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
        if (left <= 0) {
            *past = true;
            return 0;
        }
        budget = budget < 0 ? left : std::min(budget, left);
    }
    return static_cast<int>(budget);
}

// Waits until FD is ready for EVENTS; false (with the libgit2 error set) on time-out.
bool wait_for(const TcpStream& stream, short events, const char* doing) {
    for (;;) {
        bool past = false;
        const int budget = wait_budget(&past);
        pollfd poll_fd{stream.s, events, 0};
        const int ready = past ? 0 : ::poll(&poll_fd, 1, budget);
        if (ready > 0) {
            return true;
        }
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready < 0) {
            git_error_set(
                GIT_ERROR_OS, "%s %s failed: %s", doing, where(stream).c_str(), std::strerror(errno));
            return false;
        }
        if (t_limits != nullptr) {
            t_limits->note_timeout();
        }
        git_error_set(GIT_ERROR_NET, "%s %s timed out", doing, where(stream).c_str());
        return false;
    }
}

int stream_connect(git_stream* stream) {
    auto& tcp = *self(stream);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(tcp.host, tcp.port, &hints, &found); rc != 0) {
        git_error_set(GIT_ERROR_NET, "cannot resolve %s: %s", tcp.host, ::gai_strerror(rc));
        return -1;
    }
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
    const int timeout_ms =
        t_limits != nullptr && t_limits->connect_timeout_ms() > 0 ? t_limits->connect_timeout_ms() : -1;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
    std::string reason = "no address";
    for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
        const int fd = ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            reason = std::strerror(errno);
            continue;
        }
        int error = ::connect(fd, address->ai_addr, address->ai_addrlen) == 0 ? 0 : errno;
        if (error == EINPROGRESS) {
            int wait_ms = -1;
            if (timeout_ms >= 0) {
                const auto left =
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
                wait_ms = static_cast<int>(std::max<long long>(left.count(), 0));
            }
            pollfd poll_fd{fd, POLLOUT, 0};
            int ready = 0;
            while ((ready = ::poll(&poll_fd, 1, wait_ms)) < 0 && errno == EINTR) {
            }
            socklen_t length = sizeof(error);
            if (ready == 0) {
                error = ETIMEDOUT;
            } else if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
                error = errno;
            }
        }
        if (error == 0) {
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            // Blocking again: libssh2 uses the socket directly. Our reads and writes poll
            // first and pass MSG_DONTWAIT, so they never block past the limits.
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            tcp.s = fd;
            return 0;
        }
        ::close(fd);
        reason = error == ETIMEDOUT ? "no connection within " + std::to_string(timeout_ms) + " ms"
                                    : std::string(std::strerror(error));
        if (timeout_ms >= 0 && Clock::now() >= deadline) {
            break;
        }
    }
    if (t_limits != nullptr) {
        t_limits->note_unreachable();
    }
    git_error_set(GIT_ERROR_NET, "cannot connect to %s: %s", where(tcp).c_str(), reason.c_str());
    return -1;
}

ssize_t stream_read(git_stream* stream, void* data, size_t length) {
    auto& tcp = *self(stream);
    for (;;) {
        if (!wait_for(tcp, POLLIN, "reading from")) {
            return -1;
        }
        const ssize_t n = ::recv(tcp.s, data, length, MSG_DONTWAIT);
        if (n >= 0) {
            return n;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            git_error_set(GIT_ERROR_NET, "cannot read from %s: %s", where(tcp).c_str(), std::strerror(errno));
            return -1;
        }
    }
}

ssize_t stream_write(git_stream* stream, const char* data, size_t length, int /*flags*/) {
    auto& tcp = *self(stream);
    size_t written = 0;
    while (written < length) {
        if (!wait_for(tcp, POLLOUT, "writing to")) {
            return -1;
        }
        const ssize_t n = ::send(tcp.s, data + written, length - written, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                continue;
            }
            git_error_set(GIT_ERROR_NET, "cannot write to %s: %s", where(tcp).c_str(), std::strerror(errno));
            return -1;
        }
        written += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(written);
}

int stream_close(git_stream* stream) {
    auto& tcp = *self(stream);
    if (tcp.s >= 0) {
        ::close(tcp.s);
        tcp.s = -1;
    }
    return 0;
}

void stream_free(git_stream* stream) {
    stream_close(stream);
    delete self(stream);
}

int stream_new(git_stream** out, const char* host, const char* port) {
    auto* tcp = new TcpStream{};
    tcp->parent.version = GIT_STREAM_VERSION;
    tcp->parent.connect = stream_connect;
    tcp->parent.read = stream_read;
    tcp->parent.write = stream_write;
    tcp->parent.close = stream_close;
    tcp->parent.free = stream_free;
    tcp->host_name = host;
    tcp->port_name = port != nullptr ? port : "";
    tcp->host = tcp->host_name.data();
    tcp->port = tcp->port_name.data();
    tcp->s = -1;
    *out = &tcp->parent;
    return 0;
}

}  // namespace

void install_tcp_stream() {
    static std::once_flag once;
    std::call_once(once, [] {
        ensure_libgit2();
        git_stream_registration registration{};
        registration.version = GIT_STREAM_VERSION;
        registration.init = stream_new;
        git_stream_register(GIT_STREAM_STANDARD, &registration);
    });
}

NetworkLimits::NetworkLimits(int connect_timeout_ms, int stall_timeout_ms,
    std::optional<std::chrono::steady_clock::time_point> deadline)
    : m_connect_timeout_ms(connect_timeout_ms),
      m_stall_timeout_ms(stall_timeout_ms),
      m_deadline(deadline),
      m_previous(t_limits) {
    t_limits = this;
}

NetworkLimits::~NetworkLimits() { t_limits = m_previous; }

}  // namespace vcs
