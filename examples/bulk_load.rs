//! The benchmark floor: load an N-Quads file into a fresh in-memory oxigraph store with its bulk
//! loader, the same engine `factgraph build` feeds. Usage: bulk_load FILE.nq
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: bulk_load FILE.nq")?;
    let bytes = std::fs::read(path)?;
    let store = Store::new()?;
    let mut loader = store.bulk_loader();
    loader.load_from_slice(RdfFormat::NQuads, &bytes)?;
    loader.commit()?;
    println!("{}", store.len()?);
    Ok(())
}
