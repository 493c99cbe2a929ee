// conformance 视图的中文措辞，键与 conformance-en.ts 一一对应。

import type { Catalog } from '../catalog-en';

export const conformanceZh: Catalog['conformance'] = {
  title: '一致性测试实验室',
  intro: '服务器是否照 RFC 6455 的要求办事？几百个用例，每个都用一条单独的连接：合法的和有问题的帧、中间夹着 Ping 的分片 <rfc54/>、非法的 UTF-8 <rfc81/>、各种关闭方式 <rfc7/>、建立连接的握手 <rfc421/> 以及 permessage-deflate <rfc7692/>。每个用例都会列出它依据的规则、服务器的实际表现，以及双向的每一个字节。',
  noCase: '没有打开的用例',
  noCaseHint: '从列表里打开一个用例（或在列表里用 ↑ ↓），查看它的规则、服务器的表现，以及逐帧的线路记录。',
};
