//! One file read through the checks every input passes: inside the project, a regular file,
//! and UTF-8 text (or refused with the place of the first bad byte).

use super::SourceFile;
use crate::diagnostic::{Diagnostic, Location, Refusal};
use anyhow::Context as _;
use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

/// A project file's bytes, read through the checks of every input (`open`).
pub fn read_bytes(root: &Path, relative: &Path) -> Result<Vec<u8>, Diagnostic> {
    let mut file = open(root, relative)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|err| {
        Diagnostic::error(
            Location::file(relative),
            format!("cannot read the file: {err}"),
        )
        .with_help("check that the file is readable")
    })?;
    Ok(bytes)
}

/// Opens an input file, refusing what is not a regular file inside the project: a link (or a
/// linked folder) that leads out of the project would put another file into the store, and a
/// FIFO or a device would block the build, lock held, forever. The type is checked before
/// opening, so a FIFO is never opened, and again on the opened file, in case the path was
/// replaced in between.
fn open(root: &Path, relative: &Path) -> Result<File, Diagnostic> {
    let refuse = |message: String, help: &str| {
        Diagnostic::error(Location::file(relative), message).with_help(help.to_string())
    };
    let path = root.join(relative);
    let link = fs::symlink_metadata(&path)
        .map_err(|err| {
            refuse(
                format!("cannot read the file: {err}"),
                "check that the file exists and is readable",
            )
        })?
        .file_type()
        .is_symlink();
    let resolved = fs::canonicalize(&path).map_err(|err| {
        let target = fs::read_link(&path).unwrap_or_else(|_| path.clone());
        refuse(
            format!(
                "cannot resolve the file (a link to {}?): {err}",
                target.display()
            ),
            "restore the file the link points to, or replace the link with the file",
        )
    })?;
    let project = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !resolved.starts_with(&project) {
        let what = if link { "a link" } else { "in a linked folder" };
        return Err(refuse(
            format!(
                "the file is {what} leading out of the project, to {}",
                resolved.display()
            ),
            &format!(
                "factgraph reads only files inside the project folder {}: copy the file in instead of linking to it",
                project.display()
            ),
        ));
    }
    let not_regular = |kind: fs::FileType| {
        refuse(
            format!("the file is {}, not a regular file", describe(kind)),
            "factgraph reads only regular files: replace it with the file itself, or remove it",
        )
    };
    let kind = fs::metadata(&resolved)
        .map_err(|err| {
            refuse(
                format!("cannot read the file: {err}"),
                "check that the file exists and is readable",
            )
        })?
        .file_type();
    if !kind.is_file() {
        return Err(not_regular(kind));
    }
    let file = File::open(&resolved).map_err(|err| {
        refuse(
            format!("cannot read the file: {err}"),
            "check that the file exists and is readable",
        )
    })?;
    match file.metadata() {
        Ok(meta) if meta.is_file() => Ok(file),
        Ok(meta) => Err(not_regular(meta.file_type())),
        Err(err) => Err(refuse(
            format!("cannot read the file: {err}"),
            "check that the file is readable",
        )),
    }
}

/// Opens a file a user named on the command line (not a project input, which [`read_bytes`]
/// reads), which must be a regular file or a link to one: opening a FIFO
/// for reading waits for a writer, and a device never ends. Checked before opening and again on
/// the opened file, so a swap between the two is caught. `help` says what to name instead.
pub fn open_regular(path: &Path, help: &str) -> anyhow::Result<File> {
    let cannot_read = || format!("cannot read {}", path.display());
    let regular = |kind: fs::FileType| {
        if kind.is_file() {
            Ok(())
        } else {
            Err(anyhow::Error::new(Refusal::new(
                format!(
                    "{}: the file is {}, not a regular file",
                    path.display(),
                    describe(kind)
                ),
                help,
            )))
        }
    };
    regular(fs::metadata(path).with_context(cannot_read)?.file_type())?;
    let file = File::open(path).with_context(cannot_read)?;
    regular(file.metadata().with_context(cannot_read)?.file_type())?;
    Ok(file)
}

/// What a file that is not a regular file is, in words.
pub fn describe(kind: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

/// Reads a UTF-8 file; invalid bytes are an error that names their offset.
pub fn read_text(root: &Path, relative: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = read_bytes(root, relative)?;
    let text = decode(relative, bytes, Decoding::Strict)?;
    Ok(SourceFile {
        path: relative.to_path_buf(),
        text,
    })
}

/// What to do with bytes that are not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    /// Refuse the file, naming the first bad byte.
    Strict,
    /// Replace each bad sequence with U+FFFD; offsets then count the replaced text.
    Lossy,
}

/// A file's bytes as text. A NUL byte means a binary file, refused either way; a byte-order
/// mark and CRLF line ends are kept, so offsets count them like any other character.
pub fn decode(path: &Path, bytes: Vec<u8>, decoding: Decoding) -> Result<String, Diagnostic> {
    // `contains` searches a word at a time; the byte-wise search runs only on binary files.
    if bytes.contains(&0)
        && let Some(offset) = bytes.iter().position(|&b| b == 0)
    {
        let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
        return Err(Diagnostic::error(
            Location::at_offset(path, &valid, offset),
            format!("this looks like a binary file, not text: a NUL byte at byte offset {offset}"),
        )
        .with_help("factgraph reads plain UTF-8 text; export the document as .txt first"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) if decoding == Decoding::Lossy => {
            Ok(String::from_utf8_lossy(err.as_bytes()).into_owned())
        }
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let byte = err.as_bytes()[offset];
            let valid = String::from_utf8_lossy(&err.as_bytes()[..offset]).into_owned();
            Err(Diagnostic::error(
                Location::at_offset(path, &valid, offset),
                format!("the file is not valid UTF-8: byte 0x{byte:02X} at byte offset {offset}"),
            )
            .with_help("convert the file to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8), or pass --lossy to replace invalid bytes with U+FFFD"))
        }
    }
}
