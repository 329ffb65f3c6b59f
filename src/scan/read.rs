//! Every read of a file in the analysed repository goes through here: only
//! regular files are opened (a FIFO would block forever, a device such as
//! `/dev/zero` would never end), symlinks are followed only to regular
//! files, and no read takes more than a cap.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The cap for small files planner reads beside the source: `planner.toml`,
/// `package.json`, `tsconfig.json`, `.gitignore`, YAML schedules, git's
/// `shallow` file. Far above any real one.
pub const MAX_SMALL_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What kind of file `meta` describes, for a warning.
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let file_type = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

fn not_regular(meta: &std::fs::Metadata) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{}, not a regular file; not read", kind_of(meta)),
    )
}

fn too_large(len: u64, cap: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{len} bytes or more, over planner's limit of {cap}; not read"),
    )
}

/// Whether `path` (followed through symlinks) is a regular file.
pub fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The bytes of `path` if it is a regular file (directly or through symlinks)
/// of at most `cap` bytes; an error that says why otherwise.
pub fn read_regular(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > cap {
        return Err(too_large(meta.len(), cap));
    }
    let file = File::open(path)?;
    // The path may have been swapped since: check what was opened.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(not_regular(&opened));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(cap) as usize);
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(too_large(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text.
pub fn read_regular_string(path: &Path, cap: u64) -> io::Result<String> {
    String::from_utf8(read_regular(path, cap)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_without_reading() {
        let err = read_regular(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
    }

    #[test]
    fn a_file_over_the_cap_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'a'; 100]).unwrap();
        assert!(read_regular(&path, 99).is_err());
        assert_eq!(read_regular(&path, 100).unwrap().len(), 100);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_device_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("package.json");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(read_regular(&link, MAX_SMALL_FILE_BYTES).is_err());
        assert!(!is_regular(&link));
    }
}
