// CloudFront Function (cloudfront-js-2.0), viewer request, default behaviour only.
// The S3 REST endpoint, the only one Origin Access Control can sign, has no index documents: /docs/ would be a
// 403 (or an empty key). Rewrite a path ending in "/" or whose last segment has no extension to its index.html.
function handler(event) {
    var request = event.request;
    var uri = request.uri;
    if (uri.endsWith('/')) {
        request.uri = uri + 'index.html';
    } else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
        request.uri = uri + '/index.html';
    }
    return request;
}
