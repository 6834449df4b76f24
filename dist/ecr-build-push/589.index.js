export const id = 589;
export const ids = [589];
export const modules = {

/***/ 7589:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createEcrApi: () => (/* binding */ createEcrApi)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8249);
// The ECR control-plane calls the action needs, over the AWS SDK. Loaded lazily after inputs are valid.

const toRepository = (repo) => ({
    uri: repo.repositoryUri ?? '',
    registryId: repo.registryId ?? '',
    tagMutability: repo.imageTagMutability ?? '',
});
function createEcrApi(config) {
    const client = new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .ECRClient */ .S70(config);
    return {
        async getAuthorizationToken() {
            const response = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .GetAuthorizationTokenCommand */ .Eu6({}));
            const data = response.authorizationData?.[0];
            if (!data?.authorizationToken || !data.proxyEndpoint) {
                throw new Error('ECR GetAuthorizationToken returned no token.');
            }
            return { token: data.authorizationToken, proxyEndpoint: data.proxyEndpoint };
        },
        async describeRepository(name) {
            try {
                const response = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [name] }));
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
            const response = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .CreateRepositoryCommand */ .WTe({
                repositoryName: name,
                imageTagMutability: tagMutability,
                imageScanningConfiguration: { scanOnPush },
            }));
            if (!response.repository)
                throw new Error('ECR CreateRepository returned no repository.');
            return toRepository(response.repository);
        },
        async putLifecyclePolicy(name, policy) {
            await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .PutLifecyclePolicyCommand */ .Rcn({ repositoryName: name, lifecyclePolicyText: policy }));
        },
    };
}


/***/ })

};
