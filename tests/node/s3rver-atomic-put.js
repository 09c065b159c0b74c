// S3 replaces an object whole or not at all. s3rver 3.7 writes the new body over the old file in place: a reader in
// the middle gets a body that matches neither ETag, and a PUT cut off by a killed client leaves a truncated object
// under the old ETag for good. The tests run s3rver with its file store writing each body to a temporary file and
// renaming it into place once complete, so an object is always one whole body, the old one or the new one.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { Transform } = require('stream');
const { pipeline } = require('stream/promises');

module.exports = function makePutsWhole(s3rverScript) {
  const Store = require(path.join(path.dirname(s3rverScript), '..', 'lib', 'stores', 'filesystem.js'));

  Store.prototype.putObject = async function putObject(object) {
    const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
    await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
    // Not the store's "._S3rver_object" suffix, so listings never show it.
    const temporary = `${objectPath}.${process.pid}-${crypto.randomBytes(6).toString('hex')}.partial`;
    const md5 = crypto.createHash('md5');
    let size = 0;
    try {
      if (Buffer.isBuffer(object.content)) {
        md5.update(object.content);
        size = object.content.length;
        await fs.promises.writeFile(temporary, object.content);
      } else {
        const count = new Transform({
          transform(chunk, encoding, callback) {
            md5.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        });
        await pipeline(object.content, count, fs.createWriteStream(temporary));
      }
      await fs.promises.rename(temporary, objectPath);
    } catch (error) {
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }

    const digest = md5.digest('hex');
    await this.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
};
