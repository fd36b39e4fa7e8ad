//! Uploads a file (multipart, to files.stripe.com) as dispute evidence.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p stripekit --features files --example upload_file -- receipt.pdf
//! ```

use stripekit::{Client, CreateFile, FilePurpose, FileUpload, SendRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: upload_file <path to a PDF>")?;
    let key = std::env::var("STRIPE_SECRET_KEY").unwrap_or_else(|_| "sk_test_123".into());
    let client = Client::new(key);

    let name = std::path::Path::new(&path)
        .file_name()
        .map_or("upload.pdf".into(), |n| n.to_string_lossy().into_owned());
    let upload = FileUpload::new(name, std::fs::read(&path)?).content_type("application/pdf");
    let file = CreateFile::new(upload, FilePurpose::DisputeEvidence)
        .send(&client)
        .await?;
    println!("uploaded {} ({} bytes)", file.id, file.size);
    Ok(())
}
