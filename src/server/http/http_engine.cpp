#include "server/http/http_engine.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>

#include "server/http/http_framing.h"

namespace paperboy {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Beast's request as ours: the path decoded, the query and an urlencoded form body in params.
ServerRequest to_request(http::request<http::string_body>&& in, const std::string& address,
                         int port) {
  ServerRequest req;
  req.method = std::string(in.method_string());
  req.target = std::string(in.target());
  for (const auto& field : in)
    req.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  size_t question = req.target.find('?');
  req.path = percent_decoded(std::string_view(req.target).substr(0, question), false);
  if (question != std::string::npos)
    add_query_params(std::string_view(req.target).substr(question + 1), req.params);
  req.body = std::move(in.body());
  if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
    add_query_params(req.body, req.params);
  }
  req.remote_addr = address;
  req.remote_port = port;
  return req;
}

constexpr int kDefaultRetryAfterSeconds = 5;

http::response<http::string_body> to_beast(ServerResponse&& res, unsigned version, bool head) {
  http::response<http::string_body> out;
  out.version(version);
  // A handler that returns without a status answered normally.
  out.result(static_cast<unsigned>(res.status < 0 ? 200 : res.status));
  for (const auto& [name, value] : res.headers) {
    if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Connection")) continue;
    out.insert(name, value);
  }
  // A 503 says when to try again (a store or index not ready): clients and balancers back off
  // instead of hammering a server that is waiting for its database. Routes that know better
  // (an index being built, a rate bucket) set their own.
  if (res.status == 503 && !res.has_header("Retry-After"))
    out.set(http::field::retry_after, std::to_string(kDefaultRetryAfterSeconds));
  // A HEAD answer says how long the body would be, and sends none.
  out.content_length(res.body.size());
  if (!head) out.body() = std::move(res.body);
  return out;
}

// The engine's own refusals, in the API's error shape (route_helpers.h's send_error).
std::string error_answer(int status, std::string_view reason, const std::string& error,
                         const std::string& detail) {
  std::string body = nlohmann::json{{"error", error}, {"detail", detail}}.dump();
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
      "Connection: close\r\n\r\n{}",
      status, reason, body.size(), body);
}

// Connections beyond the soft limit on open files would fail in accept(); most systems allow
// a larger hard limit, which a process may raise itself to. Returns the limit in force.
size_t raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? size_t(1) << 20 : static_cast<size_t>(limit.rlim_cur);
}

// How many client connections fit beside what the rest of the server opens (the store, the
// index shards each worker reads, the model, log and mail sockets): descriptors are kept back
// for those, so a flood of connections can never starve a request of a file.
size_t connection_cap(size_t open_file_limit, size_t workers) {
  const size_t reserve = 64 + 32 * workers;
  return open_file_limit > 2 * reserve ? open_file_limit - reserve : open_file_limit / 2;
}

}  // namespace

class HttpEngine::Impl {
 public:
  Impl(HttpEngineOptions options, HttpHandler handler)
      : options_(options),
        handler_(std::move(handler)),
        workers_(std::max<size_t>(1, options_.workers)) {}

  class Connection;

  Status bind(const std::string& host, int port) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) return Error{fmt::format("\"{}\" is not an IP address to listen on", host)};
    tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Error{fmt::format("cannot listen on {}:{}: {}", host, port, ec.message())};
    port_ = acceptor_.local_endpoint().port();
    const size_t file_limit = raise_open_file_limit();
    max_connections_ = options_.max_connections > 0 ? options_.max_connections
                                                    : connection_cap(file_limit, options_.workers);
    return Status::Ok();
  }

  Status run() {
    accept();
    std::vector<std::thread> extra;
    for (size_t i = 1; i < std::max<size_t>(1, options_.io_threads); ++i)
      extra.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& thread : extra) thread.join();
    workers_.join();
    return Status::Ok();
  }

  // Stops accepting, closes connections that wait for a request, and lets those with one in
  // hand answer it and close: run() returns when the last is gone.
  void stop() {
    stopping_ = true;
    asio::post(io_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
    });
    std::vector<std::shared_ptr<Connection>> open;
    {
      // Locked only to copy: a connection's destructor takes the same lock.
      std::lock_guard lock(connections_mutex_);
      for (auto& weak : connections_) {
        if (auto connection = weak.lock()) open.push_back(std::move(connection));
      }
    }
    for (auto& connection : open) close_if_idle(connection);
  }

  size_t open_connections() {
    std::lock_guard lock(connections_mutex_);
    return connections_.size();
  }

  int port() const { return port_; }

 private:
  void accept() {
    acceptor_.async_accept(
        asio::make_strand(io_), [this](boost::system::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
          if (ec) {
            // Out of file descriptors or the like: wait a moment rather than spin on the error.
            auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(50));
            timer->async_wait([this, timer](boost::system::error_code) { accept(); });
            return;
          }
          admit(std::move(socket));
          accept();
        });
  }

  void admit(tcp::socket socket);
  void close_if_idle(const std::shared_ptr<Connection>& connection);
  // At the cap: closes the longest-open connection that waits for a request, so a new client
  // (a health check among them) is served before idle keep-alives. False when none waits.
  // Connections looked at are kept in `looked_at`, to be released after the lock (a
  // connection's destructor takes it).
  bool shed_idle_connection(std::vector<std::shared_ptr<Connection>>& looked_at);
  void forget(std::list<std::weak_ptr<Connection>>::iterator at, const std::string& address) {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(at);
    if (--per_address_[address] == 0) per_address_.erase(address);
  }

  HttpEngineOptions options_;
  HttpHandler handler_;
  // Before io_: a connection that io_'s destructor drops forgets itself here.
  std::mutex connections_mutex_;
  std::list<std::weak_ptr<Connection>> connections_;
  std::unordered_map<std::string, size_t> per_address_;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  asio::thread_pool workers_;
  std::atomic<bool> stopping_ = false;
  size_t max_connections_ = 0;
  int port_ = 0;
};

// One client connection: waits for a request, reads it against its deadlines, hands it to a
// worker, writes the answer, and again while the client keeps it alive. Everything but the
// handler runs on the connection's strand.
class HttpEngine::Impl::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Impl& engine, tcp::socket socket, std::string address, int port)
      : engine_(engine), stream_(std::move(socket)), address_(std::move(address)), port_(port) {}
  ~Connection() { engine_.forget(registration_, address_); }

  void start(std::list<std::weak_ptr<Connection>>::iterator registration) {
    registration_ = registration;
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->await_request(); });
  }

  // On the strand: a connection between requests, or with one still arriving, is closed; one
  // with a complete request in hand answers it and closes after (engine_.stopping_).
  void close_if_idle() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->stream_.socket().close();
    });
  }

  // Waiting for a request with no byte of it yet: the first to go when connections run short.
  bool idle() const { return idle_.load(); }
  // Closes the connection if it is still idle; once only.
  bool shed() {
    if (!idle_.exchange(false)) return false;
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_ && self->buffer_.size() == 0) self->close();
    });
    return true;
  }

 private:
  void await_request() {
    if (engine_.stopping_) return close();
    busy_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(engine_.options_.max_header_bytes));
    parser_->body_limit(engine_.options_.max_body_bytes);
    if (buffer_.size() > 0) return read_header();  // a pipelined request is here already
    stream_.expires_after(engine_.options_.idle_timeout);
    idle_ = true;
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                              self->idle_ = false;
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  void read_header() {
    stream_.expires_after(engine_.options_.header_deadline);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](boost::system::error_code ec, size_t) {
                              if (ec) return self->refuse(ec);
                              if (auto why = ambiguous_framing(self->parser_->get().base())) {
                                return self->answer_and_close(
                                    error_answer(400, "Bad Request", "malformed request", *why));
                              }
                              self->continue_if_expected();
                            });
  }

  // curl and others send a body over 1 KiB only after "100 Continue" (or a second's wait).
  void continue_if_expected() {
    if (parser_->is_done() || !beast::iequals(parser_->get()[http::field::expect], "100-continue"))
      return read_body();
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(engine_.options_.write_deadline);
    asio::async_write(stream_, asio::buffer(kContinue),
                      [self = shared_from_this()](boost::system::error_code ec, size_t) {
                        if (ec) return self->close();
                        self->read_body();
                      });
  }

  void read_body() {
    if (parser_->is_done()) return handle();
    stream_.expires_after(engine_.options_.body_deadline);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](boost::system::error_code ec, size_t) {
                       if (ec) return self->refuse(ec);
                       self->handle();
                     });
  }

  // A request that could not be read: a clear answer where one helps, then close.
  void refuse(boost::system::error_code ec) {
    if (ec == http::error::body_limit) {
      return answer_and_close(
          error_answer(413, "Payload Too Large", "request too large",
                       fmt::format("the body exceeds the server's limit of {} bytes",
                                   engine_.options_.max_body_bytes)));
    }
    if (ec == http::error::header_limit) {
      return answer_and_close(
          error_answer(431, "Request Header Fields Too Large", "request too large",
                       fmt::format("the request line and headers exceed {} bytes",
                                   engine_.options_.max_header_bytes)));
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return answer_and_close(error_answer(400, "Bad Request", "malformed request", ec.message()));
    }
    close();  // a deadline passed or the client went away: nobody to answer
  }

  void handle() {
    busy_ = true;  // stop() lets a complete request finish; one still arriving is dropped
    auto request = parser_->release();
    const bool head = request.method() == http::verb::head;
    const unsigned version = request.version();
    const bool keep_alive = request.keep_alive();
    auto req = std::make_shared<ServerRequest>(to_request(std::move(request), address_, port_));
    // Nothing waits on the socket while a worker runs the handler: the guard keeps run() from
    // returning (its io_context out of work) before the answer is written.
    auto work = asio::make_work_guard(stream_.get_executor());
    asio::post(engine_.workers_, [self = shared_from_this(), req, head, version, keep_alive, work] {
      ServerResponse res;
      try {
        self->engine_.handler_(*req, res);
      } catch (const std::exception& e) {
        // What failed is for the operator's log; the client learns only that it did.
        fmt::print(stderr, "{} {}: internal error: {}\n", req->method, req->path, e.what());
        res = ServerResponse();
        res.status = 500;
        res.set_content(nlohmann::json{{"error", "internal error"},
                                       {"detail", "the server failed to answer this request"}}
                            .dump(),
                        "application/json");
      }
      bool close = !keep_alive || res.get_header_value("Connection") == "close";
      auto answer = std::make_shared<http::response<http::string_body>>(
          to_beast(std::move(res), version, head));
      asio::post(self->stream_.get_executor(),
                 [self, answer, close] { self->write(answer, close); });
    });
  }

  void write(const std::shared_ptr<http::response<http::string_body>>& answer, bool close_after) {
    close_after = close_after || engine_.stopping_;
    answer->keep_alive(!close_after);
    stream_.expires_after(engine_.options_.write_deadline);
    http::async_write(
        stream_, *answer,
        [self = shared_from_this(), answer, close_after](boost::system::error_code ec, size_t) {
          if (ec || close_after) return self->close();
          self->await_request();
        });
  }

  void answer_and_close(std::string text) {
    auto owned = std::make_shared<std::string>(std::move(text));
    stream_.expires_after(engine_.options_.write_deadline);
    asio::async_write(stream_, asio::buffer(*owned),
                      [self = shared_from_this(), owned](boost::system::error_code ec, size_t) {
                        if (ec) return self->close();
                        self->linger();
                      });
  }

  // A client still sending a refused body would get a reset, not the answer, if the socket
  // closed with its bytes unread: say we are done, then read and drop what comes for a while.
  void linger() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    drain();
  }
  void drain() {
    auto scratch = std::make_shared<std::array<char, 16384>>();
    stream_.async_read_some(asio::buffer(*scratch), [self = shared_from_this(), scratch](
                                                        boost::system::error_code ec, size_t) {
      if (ec) return self->close();
      self->drain();
    });
  }

  void close() {
    busy_ = false;
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  Impl& engine_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string address_;
  int port_;
  bool busy_ = false;
  std::atomic<bool> idle_ = false;
  std::list<std::weak_ptr<Connection>>::iterator registration_;
};

void HttpEngine::Impl::admit(tcp::socket socket) {
  boost::system::error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec) return;                              // gone already
  socket.set_option(tcp::no_delay(true), ec);  // small answers must not wait for a delayed ACK
  std::string address = remote.address().to_string();
  std::vector<std::shared_ptr<Connection>> looked_at;  // released after the lock
  std::unique_lock lock(connections_mutex_);
  if (connections_.size() >= max_connections_ && !shed_idle_connection(looked_at)) {
    lock.unlock();
    std::string text =
        error_answer(503, "Service Unavailable", "too many connections",
                     "the server holds as many connections as it can; try again shortly");
    asio::write(socket, asio::buffer(text), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    return;
  }
  if (per_address_[address] >= options_.max_connections_per_address) {
    lock.unlock();
    // The socket is new and its send buffer empty: this short write does not block.
    std::string text =
        error_answer(503, "Service Unavailable", "too many connections",
                     fmt::format("{} has {} connections open, the most one address may hold",
                                 address, options_.max_connections_per_address));
    asio::write(socket, asio::buffer(text), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    return;
  }
  ++per_address_[address];
  auto connection = std::make_shared<Connection>(*this, std::move(socket), address, remote.port());
  auto registration = connections_.insert(connections_.end(), connection);
  lock.unlock();
  connection->start(registration);
  if (stopping_) connection->close_if_idle();
}

void HttpEngine::Impl::close_if_idle(const std::shared_ptr<Connection>& connection) {
  connection->close_if_idle();
}

// Called with connections_mutex_ held. The oldest first: a client that opened a connection
// long ago and sent nothing since is the likeliest to be hoarding.
bool HttpEngine::Impl::shed_idle_connection(std::vector<std::shared_ptr<Connection>>& looked_at) {
  for (auto& weak : connections_) {
    auto connection = weak.lock();
    if (!connection) continue;
    looked_at.push_back(connection);
    if (connection->idle() && connection->shed()) return true;
  }
  return false;
}

HttpEngine::HttpEngine(HttpEngineOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(options, std::move(handler))) {}
HttpEngine::~HttpEngine() = default;
Status HttpEngine::bind(const std::string& host, int port) { return impl_->bind(host, port); }
int HttpEngine::port() const { return impl_->port(); }
Status HttpEngine::run() { return impl_->run(); }
void HttpEngine::stop() { impl_->stop(); }
size_t HttpEngine::open_connections() const { return impl_->open_connections(); }

}  // namespace paperboy
