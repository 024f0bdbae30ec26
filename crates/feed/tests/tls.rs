//! `goxbook record` over TLS — its REST fetch (httpget::get_with) and a whole wss:// recording
//! through a TLS terminator in front of `goxbook serve` — against TLS servers on 127.0.0.1
//! made here with tokio-rustls and a self-signed certificate for `localhost`
//! (tests/resources/localhost.*.pem, valid until 2126, made with `openssl req -x509 -newkey ec
//! … -subj /CN=localhost -addext subjectAltName=DNS:localhost -addext basicConstraints=CA:FALSE`).
//! Nothing reaches the internet; the recorder's own roots (webpki-roots) refuse that
//! certificate, the test's root store trusts it.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const CERT: &str = include_str!("resources/localhost.cert.pem");
const KEY: &str = include_str!("resources/localhost.key.pem");

mod common;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn acceptor() -> tokio_rustls::TlsAcceptor {
    let cert = CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap();
    let key = PrivateKeyDer::from_pem_slice(KEY.as_bytes()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

/// A TLS server answering every connection with `reply` (raw HTTP), then closing without a
/// close_notify when `abrupt`.
async fn server(reply: &'static str, abrupt: bool) -> u16 {
    let acceptor = acceptor();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                assert!(got.starts_with(b"GET /api/v2/order_book/btcusd/ HTTP/1.1\r\n"), "{got:?}");
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.flush().await;
                if abrupt {
                    // Drop the TCP stream under the TLS session: no close_notify.
                    let (tcp, _) = tls.into_inner();
                    drop(tcp);
                } else {
                    let _ = tls.shutdown().await;
                }
            });
        }
    });
    port
}

fn trusting_localhost() -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap()).unwrap();
    Arc::new(
        rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

const BODY: &str = r#"{"timestamp": "1", "microtimestamp": "1000000", "bids": [["100.90", "0.30000000"]], "asks": []}"#;

#[tokio::test]
async fn a_rest_body_over_tls() {
    let reply = Box::leak(
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{BODY}", BODY.len())
            .into_boxed_str(),
    );
    for abrupt in [false, true] {
        let port = server(reply, abrupt).await;
        let url = format!("https://localhost:{port}/api/v2/order_book/btcusd/");
        let got = goxbook_feed::httpget::get_with(&url, Some(trusting_localhost())).await;
        assert_eq!(got, Ok((200, BODY.to_string())), "abrupt close: {abrupt}");
    }
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused() {
    let port = server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", false).await;
    let url = format!("https://localhost:{port}/api/v2/order_book/btcusd/");
    // The recorder's own roots (the Mozilla set) do not include a self-signed certificate.
    let err = goxbook_feed::httpget::get(&url).await.unwrap_err();
    assert!(err.contains("TLS with localhost"), "{err}");
}

#[tokio::test]
async fn a_body_cut_short_is_an_error() {
    let port = server("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"bids\":", true).await;
    let url = format!("https://localhost:{port}/api/v2/order_book/btcusd/");
    let err = goxbook_feed::httpget::get_with(&url, Some(trusting_localhost())).await.unwrap_err();
    assert!(err.contains("truncated"), "{err}");
}

#[tokio::test]
async fn a_kraken_recording_over_wss() {
    use goxbook_core::venue::{Pair, Venue, VenueMarket};
    use goxbook_feed::record::{record_target_until, RecordOptions, Target};
    // The simulated Kraken behind a TLS terminator: TLS from the recorder, plain TCP on.
    let server = common::server(goxbook_feed::ServeOptions {
        venues: vec![goxbook_feed::venues::Venue::Kraken],
        venue_rate: 50.0,
        ..common::opts(20.0)
    })
    .await;
    let backend = server.addr;
    let acceptor = acceptor();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let Ok(mut plain) = tokio::net::TcpStream::connect(backend).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    let opts = RecordOptions {
        url: format!("wss://localhost:{port}/kraken"),
        duration: Some(std::time::Duration::from_millis(1500)),
        http_base: None,
    };
    let target = Target { venue: Venue::Kraken, pair: Pair::BTC_USD, depth: 10 };
    let mut out = Vec::new();
    let rec = record_target_until(&opts, &target, Some(trusting_localhost()), &mut out, std::future::pending(), None)
        .await
        .unwrap();
    assert!(rec.frames > 3, "{rec:?}");
    // Replayed by the core: synced, every checksum matching, nothing rejected.
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    let text = String::from_utf8(out).unwrap();
    for line in text.lines() {
        let change = m.ingest(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(change.mismatch, None, "{line}");
    }
    assert!(m.synced() && m.book().levels(goxbook_core::Side::Bid).count() > 0);
    server.shutdown().await;
}
