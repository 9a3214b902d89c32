//! Where a project's server listens, written beside the store it serves, so that the commands
//! run on the same store can send it their work instead of loading the store themselves.
//!
//! The record (`server.json` in the store folder) names the address, the process and a token.
//! The token is a secret of the user who started the server (the file is theirs alone to
//! read): a request to run a command on the server must carry it, so no other local user and
//! no web page can use that door. A record is a hint, never trusted: the server it names must
//! answer with the store the command would load (see `delegate`), else the command loads the
//! store itself. The server deletes its record when it stops, on Ctrl-C or SIGTERM too; one
//! killed outright leaves it behind, and the next server, or `factgraph stop`, replaces it.

use crate::store::StoreDir;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;

/// The record's file name in the store folder.
pub const RECORD_FILE: &str = "server.json";

/// A record is a few hundred bytes; anything much larger is not one.
const MAX_RECORD_BYTES: u64 = 4096;

/// What a running server tells the commands of its project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The address the server listens on.
    pub address: SocketAddr,
    /// The server's process.
    pub pid: u32,
    /// The secret a command sends with its work (hex, 256 bits).
    pub token: String,
}

impl Record {
    /// A record for this process listening on `address`, with a new token.
    pub fn new(address: SocketAddr) -> Result<Self> {
        Ok(Self {
            address,
            pid: std::process::id(),
            token: new_token()?,
        })
    }

    /// The address a command on this machine reaches the server at: an unspecified address
    /// (0.0.0.0, ::) is reached through loopback.
    pub fn reachable_address(&self) -> SocketAddr {
        let mut address = self.address;
        if address.ip().is_unspecified() {
            address.set_ip(match address {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        address
    }

    /// The record of the server of `store`, if there is a readable one. A link, a special
    /// file, a file too large or one that does not parse is no record.
    pub fn read(store: &StoreDir) -> Option<Self> {
        let path = path(store);
        let metadata = std::fs::symlink_metadata(&path).ok()?;
        if !metadata.is_file() || metadata.len() > MAX_RECORD_BYTES {
            return None;
        }
        let mut text = String::new();
        std::fs::File::open(&path)
            .ok()?
            .take(MAX_RECORD_BYTES)
            .read_to_string(&mut text)
            .ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the record for `store`, readable by this user alone.
    pub fn write(&self, store: &StoreDir) -> Result<PathBuf> {
        let path = path(store);
        let text = serde_json::to_string_pretty(self)?;
        crate::files::write_atomically_private(&path, |out| {
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
            Ok(())
        })?;
        Ok(path)
    }

    /// Deletes the record of `store` if it is this one (another server may have replaced it).
    pub fn remove_if_ours(&self, store: &StoreDir) {
        if Self::read(store).as_ref() == Some(self) {
            let _ = std::fs::remove_file(path(store));
        }
    }
}

/// Deletes whatever record `store` has (for `factgraph stop`, once its server is gone).
pub fn remove(store: &StoreDir) -> Result<()> {
    let path = path(store);
    match std::fs::remove_file(&path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(error).with_context(|| format!("cannot delete {}", path.display()))
        }
        _ => Ok(()),
    }
}

pub fn path(store: &StoreDir) -> PathBuf {
    store.path.join(RECORD_FILE)
}

/// 256 bits from the system's random source, as hex.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .context("cannot read /dev/urandom for the server's token")?;
    Ok(hex::encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record::new("127.0.0.1:7878".parse().unwrap()).unwrap()
    }

    #[test]
    fn a_record_reads_back_as_written_and_only_its_owner_may_read_it() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let store = StoreDir::new(folder.path());
        let written = record();
        let path = written.write(&store).unwrap();
        assert_eq!(Record::read(&store), Some(written.clone()));
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "mode {mode:o}");
        assert_eq!(written.token.len(), 64);
        assert_ne!(
            written.token,
            record().token,
            "each record has a token of its own"
        );
    }

    #[test]
    fn a_record_that_is_not_ours_stays_and_one_that_is_goes() {
        let folder = tempfile::tempdir().unwrap();
        let store = StoreDir::new(folder.path());
        let first = record();
        first.write(&store).unwrap();
        let second = record();
        second.write(&store).unwrap();
        first.remove_if_ours(&store);
        assert_eq!(Record::read(&store), Some(second.clone()));
        second.remove_if_ours(&store);
        assert_eq!(Record::read(&store), None);
    }

    #[test]
    fn garbage_a_huge_file_a_folder_or_a_link_is_no_record() {
        let folder = tempfile::tempdir().unwrap();
        let store = StoreDir::new(folder.path());
        let path = path(&store);
        std::fs::write(&path, "{ not json").unwrap();
        assert_eq!(Record::read(&store), None);
        std::fs::write(&path, vec![b' '; 1 << 20]).unwrap();
        assert_eq!(Record::read(&store), None);
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        assert_eq!(Record::read(&store), None);
        std::fs::remove_dir(&path).unwrap();
        let elsewhere = folder.path().join("elsewhere.json");
        record().write(&StoreDir::new(folder.path())).unwrap();
        std::fs::rename(&path, &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        assert_eq!(Record::read(&store), None);
    }

    #[test]
    fn a_server_on_every_address_is_reached_through_loopback() {
        let mut record = record();
        record.address = "0.0.0.0:9000".parse().unwrap();
        assert_eq!(record.reachable_address().to_string(), "127.0.0.1:9000");
        record.address = "[::]:9000".parse().unwrap();
        assert_eq!(record.reachable_address().to_string(), "[::1]:9000");
    }
}
