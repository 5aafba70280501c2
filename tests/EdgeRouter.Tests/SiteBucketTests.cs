namespace EdgeRouter.Tests;

public sealed class SiteBucketTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private const string BucketId = "${aws_s3_bucket.site_bucket_7B14A155.id}";
    private const string BucketArn = "${aws_s3_bucket.site_bucket_7B14A155.arn}";

    [Fact]
    public void Bucket_is_named_by_the_variable_and_can_never_be_destroyed_by_a_plan() =>
        JsonAssert.Equal("""{"bucket":"${var.site_bucket_name}","force_destroy":false,"lifecycle":{"prevent_destroy":true}}""",
            JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket")));

    [Fact]
    public void All_four_public_access_blocks_are_on() =>
        JsonAssert.Equal($$$"""
            {"block_public_acls":true,"block_public_policy":true,"bucket":"{{{BucketId}}}",
             "ignore_public_acls":true,"restrict_public_buckets":true}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket_public_access_block")));

    [Fact]
    public void Acls_are_disabled_by_bucket_owner_enforced() =>
        JsonAssert.Equal($$$"""{"bucket":"{{{BucketId}}}","rule":{"object_ownership":"BucketOwnerEnforced"}}""",
            JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket_ownership_controls")));

    [Fact]
    public void Objects_are_encrypted_at_rest_with_sse_s3() =>
        JsonAssert.Equal($$$"""
            {"bucket":"{{{BucketId}}}","rule":[{"apply_server_side_encryption_by_default":{"sse_algorithm":"AES256"}}]}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket_server_side_encryption_configuration")));

    [Fact]
    public void Versioning_is_enabled() =>
        JsonAssert.Equal($$$"""{"bucket":"{{{BucketId}}}","versioning_configuration":{"status":"Enabled"}}""",
            JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket_versioning")));

    [Fact]
    public void No_acl_or_website_resource_could_open_the_bucket()
    {
        Assert.Empty(fixture.Stack.Resources("aws_s3_bucket_acl"));
        Assert.Empty(fixture.Stack.Resources("aws_s3_bucket_website_configuration"));
    }

    [Fact]
    public void Bucket_policy_uses_the_policy_document_and_waits_for_the_public_access_block() =>
        JsonAssert.Equal($$$"""
            {"bucket":"{{{BucketId}}}",
             "depends_on":["aws_s3_bucket_public_access_block.site_public_access_block_D7CB9C27"],
             "policy":"${data.aws_iam_policy_document.site_policy_document_79DF9735.json}"}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket_policy")));

    [Fact]
    public void Only_this_distribution_may_read_through_the_cloudfront_service_principal_and_only_over_tls()
    {
        var document = fixture.Stack.DataSources("aws_iam_policy_document").Single(d => d.Key == "site_policy_document_79DF9735").Value;
        JsonAssert.Equal($$$"""
            [
              {"sid":"AllowCloudFrontReadThroughOAC","effect":"Allow",
               "principals":[{"type":"Service","identifiers":["cloudfront.amazonaws.com"]}],
               "actions":["s3:GetObject"],
               "resources":["{{{BucketArn}}}/*"],
               "condition":[{"test":"StringEquals","variable":"AWS:SourceArn",
                             "values":["${aws_cloudfront_distribution.distribution.arn}"]}]},
              {"sid":"DenyInsecureTransport","effect":"Deny",
               "principals":[{"type":"*","identifiers":["*"]}],
               "actions":["s3:*"],
               "resources":["{{{BucketArn}}}","{{{BucketArn}}}/*"],
               "condition":[{"test":"Bool","variable":"aws:SecureTransport","values":["false"]}]}
            ]
            """, document["statement"]);
    }

    [Fact]
    public void Old_versions_expire_after_the_variables_days_and_unfinished_uploads_after_7()
    {
        JsonAssert.Equal("""
            {"bucket":"${aws_s3_bucket.site_bucket_7B14A155.id}","depends_on":["aws_s3_bucket_versioning.site_versioning_FFF70A3B"],
             "rule":[{"abort_incomplete_multipart_upload":[{"days_after_initiation":7}],"expiration":[{"expired_object_delete_marker":true}],
               "filter":[{"prefix":""}],"id":"expire-noncurrent-versions-and-abort-uploads",
               "noncurrent_version_expiration":[{"noncurrent_days":"${var.site_noncurrent_version_days}"}],"status":"Enabled"}]}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket_lifecycle_configuration")));
        Assert.Equal(30, (int)fixture.Stack.Document["variable"]!["site_noncurrent_version_days"]!["default"]!);
    }
}
