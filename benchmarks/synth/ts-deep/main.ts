// Twin B: one deep import per resource, so Node loads only the submodules the stacks use.
import * as provider from "@cdktf/provider-aws/lib/provider";
import * as s3Bucket from "@cdktf/provider-aws/lib/s3-bucket";
import * as s3BucketPolicy from "@cdktf/provider-aws/lib/s3-bucket-policy";
import * as s3BucketPublicAccessBlock from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import * as s3BucketOwnershipControls from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import * as s3BucketServerSideEncryptionConfiguration from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import * as s3BucketVersioning from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import * as dataAwsIamPolicyDocument from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import * as cloudfrontDistribution from "@cdktf/provider-aws/lib/cloudfront-distribution";
import * as cloudfrontOriginAccessControl from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import * as cloudfrontResponseHeadersPolicy from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import * as cloudfrontCachePolicy from "@cdktf/provider-aws/lib/cloudfront-cache-policy";
import * as cloudfrontFunction from "@cdktf/provider-aws/lib/cloudfront-function";
import * as route53Record from "@cdktf/provider-aws/lib/route53-record";
import * as lambdaFunction from "@cdktf/provider-aws/lib/lambda-function";
import * as lambdaPermission from "@cdktf/provider-aws/lib/lambda-permission";
import * as iamRole from "@cdktf/provider-aws/lib/iam-role";
import * as iamRolePolicy from "@cdktf/provider-aws/lib/iam-role-policy";
import * as cloudwatchLogGroup from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import * as apigatewayv2Api from "@cdktf/provider-aws/lib/apigatewayv2-api";
import * as apigatewayv2Integration from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import * as apigatewayv2Route from "@cdktf/provider-aws/lib/apigatewayv2-route";
import * as apigatewayv2Stage from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { synth } from "../twin/stacks";

synth({
  provider, s3Bucket, s3BucketPolicy, s3BucketPublicAccessBlock, s3BucketOwnershipControls,
  s3BucketServerSideEncryptionConfiguration, s3BucketVersioning, dataAwsIamPolicyDocument, cloudfrontDistribution,
  cloudfrontOriginAccessControl, cloudfrontResponseHeadersPolicy, cloudfrontCachePolicy, cloudfrontFunction, route53Record,
  lambdaFunction, lambdaPermission, iamRole,
  iamRolePolicy, cloudwatchLogGroup, apigatewayv2Api, apigatewayv2Integration, apigatewayv2Route, apigatewayv2Stage,
});
