//! The preview's HTTP side: request paths to files of the site in memory, and the
//! stream of reload events.
//!
//! The site lives in memory, so no request can reach the disk; a path that tries
//! to climb out (`..`, `.` , encoded slashes or dots, backslashes) is refused
//! with 400 all the same, so that a preview never hides a link that would break.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use super::inject::{self, EVENTS_PATH};
use super::{Preview, Snapshot};

pub fn router(preview: Arc<Preview>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(page))
        .with_state(preview)
}

/// One `reload` event per rebuild, successful or not.
async fn events(
    State(preview): State<Arc<Preview>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(preview.reload.subscribe())
        .filter_map(|version| version.ok())
        .map(|version| Ok(Event::default().event("reload").data(version.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Where a request leads in the site.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file of the site, by its path in the output.
    File(String),
    /// The same address with a trailing `/` (a folder), or the base path.
    Redirect(String),
    /// A path that tries to leave the site.
    Refused,
    /// Outside the base path.
    Outside,
}

/// Resolves the raw request path (still percent-encoded) against the base path.
fn resolve(raw_path: &str, base_path: &str) -> Target {
    let lowered = raw_path.to_ascii_lowercase();
    let climbs = raw_path.contains('\\')
        || ["%2e", "%2f", "%5c", "%00"]
            .iter()
            .any(|e| lowered.contains(e))
        || raw_path
            .split('/')
            .any(|segment| segment == ".." || segment == ".");
    if climbs {
        return Target::Refused;
    }
    let Ok(path) = percent_decode(raw_path) else {
        return Target::Refused;
    };
    if path == base_path.trim_end_matches('/') || (path == "/" && base_path != "/") {
        return Target::Redirect(base_path.to_string());
    }
    match path.strip_prefix(base_path) {
        Some(rel) if rel.is_empty() || rel.ends_with('/') => {
            Target::File(format!("{rel}index.html"))
        }
        Some(rel) => Target::File(rel.to_string()),
        None => Target::Outside,
    }
}

/// Decodes `%XX` escapes; refuses a path that is not UTF-8 once decoded.
fn percent_decode(raw: &str) -> Result<String, ()> {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| ())
}

async fn page(State(preview): State<Arc<Preview>>, uri: Uri) -> Response {
    let snapshot = preview.snapshot();
    match resolve(uri.path(), &snapshot.base_path) {
        Target::Refused => (
            StatusCode::BAD_REQUEST,
            "this address tries to leave the site\n",
        )
            .into_response(),
        Target::Redirect(to) => Redirect::temporary(&to).into_response(),
        Target::Outside => not_found(&snapshot, ""),
        Target::File(rel) => match snapshot.files.get(&rel) {
            Some(bytes) => file_response(&snapshot, &rel, bytes, StatusCode::OK),
            None if snapshot.files.contains_key(&format!("{rel}/index.html")) => {
                Redirect::temporary(&format!("{}{rel}/", snapshot.base_path)).into_response()
            }
            None if snapshot.files.is_empty() => file_response(
                &snapshot,
                "index.html",
                inject::EMPTY_PAGE.as_bytes(),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            None => not_found(&snapshot, &rel),
        },
    }
}

/// The site's own 404 page in the language of the address asked for (`en/…`), else the
/// root one in the site's first language, with status 404.
fn not_found(snapshot: &Snapshot, rel: &str) -> Response {
    let lang = rel.split_once('/').map_or("", |(first, _)| first);
    let own = format!("{lang}/404.html");
    let found = [own.as_str(), "404.html"]
        .into_iter()
        .find_map(|rel| snapshot.files.get(rel).map(|bytes| (rel, bytes)));
    match found {
        Some((rel, bytes)) => file_response(snapshot, rel, bytes, StatusCode::NOT_FOUND),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

/// A file with its content type; HTML pages get the live-reload client (and the overlay).
fn file_response(snapshot: &Snapshot, rel: &str, bytes: &[u8], status: StatusCode) -> Response {
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = if mime.type_() == "text" || mime.essence_str() == "image/svg+xml" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let body = if is_html {
        inject::into_page(&String::from_utf8_lossy(bytes), snapshot.overlay.as_deref()).into_bytes()
    } else {
        bytes.to_vec()
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // A preview is always fresh: the browser must ask again after each rebuild.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_serve_their_index_under_the_base_path() {
        assert_eq!(
            resolve("/bao-cao/vi/", "/bao-cao/"),
            Target::File("vi/index.html".into())
        );
        assert_eq!(
            resolve("/bao-cao/style.css", "/bao-cao/"),
            Target::File("style.css".into())
        );
        assert_eq!(
            resolve("/", "/bao-cao/"),
            Target::Redirect("/bao-cao/".into())
        );
        assert_eq!(
            resolve("/bao-cao", "/bao-cao/"),
            Target::Redirect("/bao-cao/".into())
        );
        assert_eq!(resolve("/vi/", "/bao-cao/"), Target::Outside);
        assert_eq!(resolve("/", "/"), Target::File("index.html".into()));
    }

    #[test]
    fn paths_that_climb_out_are_refused_encoded_or_not() {
        for path in [
            "/../etc/passwd",
            "/vi/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/vi/..%2f..%2fetc",
            "/..\\etc\\passwd",
            "/vi/%5c..%5cetc",
            "/./vi/",
        ] {
            assert_eq!(resolve(path, "/"), Target::Refused, "{path}");
        }
    }
}
