//! The benchmark floor: load an N-Quads file with oxigraph's bulk loader, the same engine
//! `factgraph build` feeds, into a fresh in-memory store, or (built with `--features rocksdb`
//! and given DIR) into a new on-disk store at DIR. Usage: bulk_load FILE.nq [DIR]
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: bulk_load FILE.nq [DIR]")?;
    let store = match args.next() {
        #[cfg(feature = "rocksdb")]
        Some(directory) => Store::open(directory)?,
        #[cfg(not(feature = "rocksdb"))]
        Some(_) => return Err("an on-disk store needs --features rocksdb".into()),
        None => Store::new()?,
    };
    let bytes = std::fs::read(path)?;
    let mut loader = store.bulk_loader();
    loader.load_from_slice(RdfFormat::NQuads, &bytes)?;
    loader.commit()?;
    println!("{}", store.len()?);
    Ok(())
}
