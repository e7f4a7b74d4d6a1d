/**
 * Sends one file as the body of POST /api/uploads (streamed to the server's disk), reporting the
 * bytes sent: fetch cannot tell upload progress, XMLHttpRequest can.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<{ id: string; name: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/uploads?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as { id: string; name: string; bytes: number });
      else reject(new Error(`${file.name}: ${xhr.responseText || `HTTP ${xhr.status}`}`));
    };
    xhr.onerror = () => reject(new Error(`${file.name}: the upload was interrupted.`));
    xhr.send(file);
  });
}
