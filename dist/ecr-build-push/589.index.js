export const id = 589;
export const ids = [589];
export const modules = {

/***/ 7589:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createEcrApi: () => (/* binding */ createEcrApi)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
// The ECR control-plane calls the action needs, over the AWS SDK. Loaded lazily after inputs are valid.


/** ECR's AccessDenied names the action the role lacks; say so instead of printing a stack. */
async function explained(operation, call) {
    try {
        return await call();
    }
    catch (error) {
        const { name, message } = (error ?? {});
        if (name === 'AccessDeniedException' || name === 'AccessDenied') {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`ECR refused ${operation}: ${message ?? name}. Allow ecr:${operation} for the role in its IAM policy (and in the repository policy, if it has one).`);
        }
        throw error;
    }
}
const toRepository = (repo) => ({
    uri: repo.repositoryUri ?? '',
    registryId: repo.registryId ?? '',
    tagMutability: repo.imageTagMutability ?? '',
});
function createEcrApi(config) {
    const client = new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .ECRClient */ .S70(config);
    return {
        async getAuthorizationToken() {
            const response = await explained('GetAuthorizationToken', () => client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .GetAuthorizationTokenCommand */ .Eu6({})));
            const data = response.authorizationData?.[0];
            if (!data?.authorizationToken || !data.proxyEndpoint) {
                throw new Error('ECR GetAuthorizationToken returned no token.');
            }
            return { token: data.authorizationToken, proxyEndpoint: data.proxyEndpoint };
        },
        async describeRepository(name) {
            try {
                const response = await explained('DescribeRepositories', () => client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [name] })));
                const repo = response.repositories?.[0];
                return repo ? toRepository(repo) : undefined;
            }
            catch (error) {
                if (error.name === 'RepositoryNotFoundException')
                    return undefined;
                throw error;
            }
        },
        async createRepository({ name, tagMutability, scanOnPush }) {
            const response = await explained('CreateRepository', () => client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .CreateRepositoryCommand */ .WTe({
                repositoryName: name,
                imageTagMutability: tagMutability,
                imageScanningConfiguration: { scanOnPush },
            })));
            if (!response.repository)
                throw new Error('ECR CreateRepository returned no repository.');
            return toRepository(response.repository);
        },
        async putLifecyclePolicy(name, policy) {
            await explained('PutLifecyclePolicy', () => client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .PutLifecyclePolicyCommand */ .Rcn({ repositoryName: name, lifecyclePolicyText: policy })));
        },
    };
}


/***/ })

};
