//! Memory the allocator keeps after the program freed it.
//!
//! glibc's malloc returns freed memory to the system only from the top of each heap. When a
//! server swaps in a new store, the previous one is freed below the new one's allocations, and
//! its pages stay resident: measured by `bench/memory.py --serve`, a server held 1.4 times what
//! a server started on the new store holds, for as long as it ran. `malloc_trim` hands the free
//! pages of every arena back.
//!
//! This is the crate's one `unsafe` block (the lint is `deny`, allowed here alone): a call into
//! the C library with no pointer and no precondition.

/// Asks the allocator to give the system back the free pages of every arena; whether it gave
/// any. Elsewhere than on glibc it does nothing and answers false: those allocators return
/// memory themselves or have no such call.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn give_back_free_pages() -> bool {
    // SAFETY: `malloc_trim` takes no pointer and has no precondition; glibc serializes it with
    // every other call into the allocator (it is MT-Safe).
    unsafe { libc::malloc_trim(0) == 1 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back_free_pages() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn rust_files(folder: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The lint allows `unsafe` wherever `#[allow(unsafe_code)]` is written: this keeps it to
    /// the one call above.
    #[test]
    fn no_other_file_allows_unsafe_code() {
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let allowing: Vec<_> = files
            .iter()
            .filter(|path| {
                std::fs::read_to_string(path)
                    .unwrap()
                    .contains(&["allow(unsafe", "_code)"].concat())
            })
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(allowing, ["allocator.rs"]);
        assert!(files.len() > 50, "{} files", files.len());
    }
}
