//! A minimal HTTP/1.1 GET, over plain TCP or TLS (the recorder fetches a depth snapshot or a
//! REST order book once per recording; a full client library would outweigh the one call).

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// `http://host:port/path?query` → (host:port, path?query); `https://` is the same with
/// port 443 by default. The bool says TLS.
pub fn split_url(url: &str) -> Result<(String, String, bool), String> {
    let (rest, tls) = match (url.strip_prefix("http://"), url.strip_prefix("https://")) {
        (Some(r), _) => (r, false),
        (_, Some(r)) => (r, true),
        _ => return Err(format!("{url}: only http:// and https:// URLs are supported")),
    };
    let (host, path) = match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('?') => (&rest[..i], format!("/{}", &rest[i..])),
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    if host.is_empty() {
        return Err(format!("{url}: no host"));
    }
    let host = if host.contains(':') { host.to_string() } else { format!("{host}:{}", if tls { 443 } else { 80 }) };
    Ok((host, path, tls))
}

/// GETs a URL; returns (status, body). `tls`: the configuration for https:// (None: the
/// compiled-in roots of [`crate::tls`]).
pub async fn get(url: &str) -> Result<(u16, String), String> {
    get_with(url, None).await
}

/// [`get`] with a given TLS configuration.
pub async fn get_with(url: &str, tls: Option<Arc<rustls::ClientConfig>>) -> Result<(u16, String), String> {
    let (host, path, is_tls) = split_url(url)?;
    let s = TcpStream::connect(&host).await.map_err(|e| format!("cannot connect to {host}: {e}"))?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
    if !is_tls {
        return exchange(s, &req).await;
    }
    let config = match tls {
        Some(c) => c,
        None => crate::tls::client_config()?,
    };
    let name = host.rsplit_once(':').map_or(host.as_str(), |h| h.0).trim_matches(['[', ']']).to_string();
    let name = rustls::pki_types::ServerName::try_from(name).map_err(|e| format!("{host}: {e}"))?;
    let s =
        tokio_rustls::TlsConnector::from(config).connect(name, s).await.map_err(|e| format!("TLS with {host}: {e}"))?;
    exchange(s, &req).await
}

async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(mut s: S, req: &str) -> Result<(u16, String), String> {
    s.write_all(req.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    if let Err(e) = s.read_to_end(&mut raw).await {
        // Many servers close TLS without a close_notify: what arrived is still the answer
        // when it is complete (parse_response checks Content-Length and chunks).
        if e.kind() != std::io::ErrorKind::UnexpectedEof || raw.is_empty() {
            return Err(e.to_string());
        }
    }
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Result<(u16, String), String> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let body = &raw[end + 4..];
    let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or("no status")?;
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let length = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case("content-length").then(|| v.trim().parse::<usize>().ok())?
    });
    if length.is_some_and(|n| body.len() < n) {
        return Err("truncated body".into());
    }
    let body = if chunked { dechunk(body)? } else { body[..length.unwrap_or(body.len())].to_vec() };
    Ok((status, String::from_utf8(body).map_err(|_| "body is not UTF-8")?))
}

fn dechunk(mut b: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
        let size_text = String::from_utf8_lossy(&b[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| "bad chunk size")?;
        b = &b[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size + 2 {
            return Err("truncated chunk".into());
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked() {
        let plain = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(parse_response(plain).unwrap(), (200, "{}".to_string()));
        let chunked =
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
        assert_eq!(parse_response(chunked).unwrap(), (404, "{\"a\":1}".to_string()));
        assert_eq!(split_url("http://h:1/x?y").unwrap(), ("h:1".into(), "/x?y".into(), false));
        assert_eq!(
            split_url("https://www.bitstamp.net/api/v2/order_book/btcusd/").unwrap(),
            ("www.bitstamp.net:443".into(), "/api/v2/order_book/btcusd/".into(), true)
        );
        assert_eq!(split_url("http://h?x").unwrap(), ("h:80".into(), "/?x".into(), false));
        assert!(split_url("ftp://h/").is_err() && split_url("https:///x").is_err());
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}").unwrap_err().contains("truncated"));
    }
}
