//! The TLS client configuration of `goxbook record` (wss:// and https://): rustls with its
//! ring provider and the Mozilla root certificates compiled in (webpki-roots), so a
//! recording trusts the same roots on every machine and reads nothing from the system.

use std::sync::Arc;

use rustls::{ClientConfig, RootCertStore};

/// One configuration for the websocket and the REST fetches of a recording.
pub fn client_config() -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_configuration_with_the_compiled_in_roots() {
        let c = super::client_config().unwrap();
        assert!(c.alpn_protocols.is_empty(), "plain HTTP/1.1 and websocket upgrades, no ALPN");
        assert!(webpki_roots::TLS_SERVER_ROOTS.len() > 50);
    }
}
