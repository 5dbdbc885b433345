#pragma once
// A self-signed HTTPS server on 127.0.0.1 for the TLS tests: key and
// certificate are made at start with OpenSSL (nothing on disk), one thread
// answers each connection with "secure" and closes it.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "net/local_server.h"

namespace helmarr::testing {

class TlsServer {
 public:
  TlsServer() {
    ctx_ = SSL_CTX_new(TLS_server_method());
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    if (!ctx_ || !key || !cert) throw std::runtime_error("TlsServer: OpenSSL setup");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1,
                               0);
    X509_set_issuer_name(cert, name);  // self-signed
    // The address is right, so the only thing wrong is who signed it.
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
    if (X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, "IP:127.0.0.1")) {
      X509_add_ext(cert, san, -1);
      X509_EXTENSION_free(san);
    }
    X509_sign(cert, key, EVP_sha256());
    SSL_CTX_use_certificate(ctx_, cert);
    SSL_CTX_use_PrivateKey(ctx_, key);
    X509_free(cert);
    EVP_PKEY_free(key);

    listen_ = listen_loopback(0, port_);
    thread_ = std::thread([this] { run(); });
  }

  ~TlsServer() {
    stopping_ = true;
    thread_.join();
    ::close(listen_);
    SSL_CTX_free(ctx_);
  }

  std::string url(std::string_view path = "/") const {
    return "https://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int served() const { return served_.load(); }

 private:
  void run() {
    while (!stopping_) {
      pollfd p{listen_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      timeval tv{.tv_sec = 5, .tv_usec = 0};  // a silent client cannot stall the server
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      serve(fd);
      ::close(fd);
    }
  }

  void serve(int fd) {
    SSL* ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {  // a client that refuses the certificate fails here
      std::string in;
      char buf[4096];
      while (in.find("\r\n\r\n") == std::string::npos) {
        const int n = SSL_read(ssl, buf, sizeof buf);
        if (n <= 0) break;
        in.append(buf, static_cast<std::size_t>(n));
      }
      const std::string out = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure";
      if (SSL_write(ssl, out.data(), static_cast<int>(out.size())) > 0) ++served_;
      SSL_shutdown(ssl);
    }
    SSL_free(ssl);
  }

  SSL_CTX* ctx_ = nullptr;
  int listen_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> served_{0};
};

}  // namespace helmarr::testing
