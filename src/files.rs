//! The file-system operations every stage shares: listing a folder's files of one kind, and
//! replacing files whole (a temporary sibling, made durable, then renamed), so that a failure
//! or an interruption never leaves half a file.
//!
//! A leaf: it depends on nothing else in the crate but `interrupt`, which deletes the
//! temporaries of a process stopped by a signal.

use crate::diagnostic::Refusal;
use crate::interrupt::Temporary;
use anyhow::{Context, Result, bail};
use std::fs;
use std::io::BufWriter;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The paths of the files `*.<extension>` of `folder`, hidden ones left out, sorted by name. A
/// name need not be UTF-8: the caller decides whether it may be.
pub fn with_extension(folder: &Path, extension: &str) -> std::io::Result<Vec<PathBuf>> {
    let suffix = format!(".{extension}");
    let mut paths: Vec<PathBuf> = fs::read_dir(folder)?
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.ends_with(&suffix) && !name.starts_with('.')
        })
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    Ok(paths)
}

/// The temporary sibling a new version of `path` is written to: hidden, named after the file
/// and the process, so that two processes never share one.
fn temporary_for(path: &Path) -> Result<PathBuf> {
    let file_name = path
        .file_name()
        .with_context(|| format!("{}: the path has no file name", path.display()))?;
    Ok(path.with_file_name(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    )))
}

/// Writes a file through a temporary sibling and a rename, so a failure leaves no partial file.
pub fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<fs::File>) -> Result<T>,
) -> Result<T> {
    write_atomically_with_mode(path, 0o666, write)
}

/// [`write_atomically`] a file only its owner may read or write (a secret).
pub fn write_atomically_private<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<fs::File>) -> Result<T>,
) -> Result<T> {
    write_atomically_with_mode(path, 0o600, write)
}

/// `mode` is the permissions asked for when the file is created (the umask may take more).
fn write_atomically_with_mode<T>(
    path: &Path,
    mode: u32,
    write: impl FnOnce(&mut BufWriter<fs::File>) -> Result<T>,
) -> Result<T> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|f| !f.is_dir()) {
        bail!(Refusal::new(
            format!(
                "cannot write {}: the folder {} does not exist",
                path.display(),
                folder.display()
            ),
            "create it first, or choose another path with -o"
        ));
    }
    let temporary = temporary_for(path)?;
    let interrupted = Temporary::register(&temporary);
    let result = (|| {
        let file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(mode)
            .open(&temporary)
            .with_context(|| format!("cannot create {}", temporary.display()))?;
        let mut writer = BufWriter::new(file);
        let value =
            write(&mut writer).map_err(|err| naming_output(err, &path.display().to_string()))?;
        (|| {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()
        })()
        .with_context(|| format!("cannot write {}", path.display()))?;
        interrupted
            .rename_to(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// One file to replace: its path, the text it had when read, and its new text.
pub struct Replacement<'a> {
    pub path: PathBuf,
    pub before: &'a str,
    pub after: &'a str,
}

/// Replaces each file's text with its new one: all are written to temporary siblings first,
/// and renamed only if none of the originals changed on disk meanwhile (`during` the command's
/// work; `help` says what to do then).
pub fn replace_all(files: &[Replacement<'_>], during: &str, help: &str) -> Result<()> {
    let mut temporaries = Vec::new();
    let result = (|| {
        for file in files {
            let temporary = temporary_for(&file.path)?;
            temporaries.push(Temporary::register(&temporary));
            (|| -> std::io::Result<()> {
                fs::write(&temporary, file.after)?;
                fs::File::open(&temporary)?.sync_all()
            })()
            .with_context(|| format!("cannot write {}", temporary.display()))?;
            let current = fs::read_to_string(&file.path)
                .with_context(|| format!("cannot read {}", file.path.display()))?;
            if current != file.before {
                bail!(Refusal::new(
                    format!(
                        "{} changed {during}, so nothing was written",
                        file.path.display()
                    ),
                    help.to_string()
                ));
            }
        }
        for (file, temporary) in files.iter().zip(&temporaries) {
            temporary
                .rename_to(&file.path)
                .with_context(|| format!("cannot replace {}", file.path.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for file in files {
            if let Ok(temporary) = temporary_for(&file.path) {
                let _ = fs::remove_file(temporary);
            }
        }
    }
    result
}

/// An error met while writing to `output`: an I/O error (a full disk, a size limit) says which
/// output it was; other errors name their own cause.
pub fn naming_output(err: anyhow::Error, output: &str) -> anyhow::Error {
    if err.chain().any(|cause| cause.is::<std::io::Error>()) {
        err.context(format!("cannot write {output}"))
    } else {
        err
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let failed: Result<()> = write_atomically(&path, |file| {
            file.write_all(b"half")?;
            bail!("stopped")
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
        write_atomically(&path, |file| Ok(file.write_all(b"new")?)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn files_changed_meanwhile_are_all_left_as_they_are() {
        let folder = tempfile::tempdir().unwrap();
        let (a, b) = (folder.path().join("a.toml"), folder.path().join("b.toml"));
        fs::write(&a, "a1").unwrap();
        fs::write(&b, "b-edited").unwrap();
        let files = [
            Replacement {
                path: a.clone(),
                before: "a1",
                after: "a2",
            },
            Replacement {
                path: b.clone(),
                before: "b1",
                after: "b2",
            },
        ];
        let refused = replace_all(&files, "meanwhile", "try again")
            .unwrap_err()
            .to_string();
        assert!(refused.contains("b.toml changed meanwhile"), "{refused}");
        assert_eq!(fs::read_to_string(&a).unwrap(), "a1");
        assert_eq!(fs::read_to_string(&b).unwrap(), "b-edited");
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 2);
        fs::write(&b, "b1").unwrap();
        replace_all(&files, "meanwhile", "try again").unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "a2");
        assert_eq!(fs::read_to_string(&b).unwrap(), "b2");
    }

    #[test]
    fn a_listing_is_sorted_and_leaves_out_hidden_files_and_other_kinds() {
        let folder = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", ".hidden.txt", "c.toml"] {
            fs::write(folder.path().join(name), "").unwrap();
        }
        let listed = with_extension(folder.path(), "txt").unwrap();
        assert_eq!(
            listed,
            vec![folder.path().join("a.txt"), folder.path().join("b.txt")]
        );
    }
}
