// CloudFront Function (cloudfront-js-2.0), viewer request, default behaviour only (the router's paths never reach it).
// The S3 REST endpoint, the only one Origin Access Control can sign, has no index documents and no redirects, and
// a function cannot see the bucket, so the rule is by the path's shape alone:
//   /.well-known/...       untouched: RFC 8615 documents are often extensionless files (host-meta,
//                          apple-app-site-association, atproto-did, matrix/server)
//   ...//... or ...\...    untouched (S3 answers): never turned into a protocol-relative redirect
//   /docs/                 -> /docs/index.html
//   /docs (no "." in the   -> 301 to /docs/ with the query string kept, so relative links in the index resolve
//   last segment)             under /docs/ (S3's website endpoint does the same)
//   /app.js, /a/b.c        untouched: a file
// In spa mode every path without an extension (or ending in "/") is the app's /index.html instead, with 200.
// NOT_FOUND_MODE is Terraform's var.not_found_mode: the stack writes the code as a template (no other dollar-brace or
// percent-brace sequence may appear in this file; a test checks).
var NOT_FOUND_MODE = '@NOT_FOUND_MODE@';

function queryString(querystring) {
    var parts = [];
    for (var name in querystring) {
        var entry = querystring[name];
        var values = entry.multiValue ? entry.multiValue : [entry];
        for (var i = 0; i < values.length; i++) {
            parts.push(name + '=' + values[i].value);
        }
    }
    return parts.length === 0 ? '' : '?' + parts.join('&');
}

function handler(event) {
    var request = event.request;
    var uri = request.uri;
    if (uri.startsWith('/.well-known/') || uri.indexOf('//') !== -1 || uri.indexOf('\\') !== -1) {
        return request;
    }

    var last = uri.substring(uri.lastIndexOf('/') + 1);
    var isFolder = last === '';
    var isFile = last.indexOf('.') !== -1;
    if (NOT_FOUND_MODE === 'spa') {
        if (isFolder || !isFile) {
            request.uri = '/index.html';
        }
        return request;
    }

    if (isFolder) {
        request.uri = uri + 'index.html';
        return request;
    }

    if (isFile) {
        return request;
    }

    return {
        statusCode: 301,
        statusDescription: 'Moved Permanently',
        headers: {
            location: { value: uri + '/' + queryString(request.querystring) },
            'cache-control': { value: 'public, max-age=3600' },
        },
    };
}
